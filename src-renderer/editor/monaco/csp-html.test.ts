import { describe, expect, it } from 'vitest';
import { moveStyleAttributes } from './csp-html.ts';

describe("Monaco's HTML under the strict CSP", () => {
  it('moves style attributes of every tag to data-csp-style and leaves text and other attributes alone', () => {
    const html = '<div style="top:20px;height:20px;" class="view-line"><span class="mtk1">a style="x" &lt;b style="y"&gt;</span></div><div class="cslr" style=\'left:3px\' title="a>b style=z"></div>';
    expect(moveStyleAttributes(html)).toBe(
      '<div data-csp-style="top:20px;height:20px;" class="view-line"><span class="mtk1">a style="x" &lt;b style="y"&gt;</span></div><div class="cslr" data-csp-style=\'left:3px\' title="a>b style=z"></div>',
    );
  });
});
