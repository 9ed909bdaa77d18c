import { describe, expect, it } from 'vitest';
import { maskUrl, redactUrl } from './mask.ts';

describe('masking a webhook URL', () => {
  it('keeps what identifies the endpoint and hides what may be a token', () => {
    expect(maskUrl('https://hooks.slack.com/services/T0001/B0002/XXXXxxxxXXXX')).toBe('https://hooks.slack.com/services/••••');
    expect(maskUrl('http://127.0.0.1:8080/hooks/ir-team')).toBe('http://127.0.0.1:8080/hooks/••••');
    expect(maskUrl('https://example.com/api/v1/abcdef0123456789?token=s3cr3t&channel=ir')).toBe('https://example.com/api/••••?token=••••&channel=••••');
    expect(maskUrl('https://bot:pa55word@example.com/')).toBe('https://••••@example.com');
    expect(maskUrl('https://example.com/5f9a8e7d6c5b4a39')).toBe('https://example.com/••••');
  });

  it('never lets a secret through, whatever the URL looks like', () => {
    for (const url of ['https://hooks.slack.com/services/T0001/B0002/SECRETSECRET', 'https://x.example/?key=SECRETSECRET', 'https://SECRETSECRET:x@x.example/', 'https://x.example/SECRETSECRET', 'https://x.example/hooks/secretsecret']) {
      expect(maskUrl(url)).not.toMatch(/secretsecret/i);
    }
    expect(maskUrl('not a url SECRETSECRET')).toBe('••••');
  });

  it('takes the URL and its parts out of an error message', () => {
    const url = 'https://bot:pa55word@hooks.example.com/services/SECRETSECRET?sig=abcdef';
    const message = `request to ${url} failed; path /services/SECRETSECRET; query ?sig=abcdef; auth pa55word`;
    const redacted = redactUrl(message, url);
    for (const secret of ['SECRETSECRET', 'abcdef', 'pa55word']) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('failed');
  });
});
