import { describe, expect, it } from 'vitest';
import { mayOpenExternally, navigationAllowed, senderIsTrusted } from './trust.ts';

const ourWindow = { id: 1 };

describe('the Electron shell trusts', () => {
  it('IPC from the top frame of our window showing the app', () => {
    expect(senderIsTrusted({ sender: ourWindow, senderFrame: { url: 'app://workbench/index.html#/events', parent: null } }, ourWindow)).toBe(true);
  });

  it('no IPC from another window, a subframe, another origin or a vanished frame', () => {
    const frame = { url: 'app://workbench/index.html', parent: null };
    expect(senderIsTrusted({ sender: { id: 2 }, senderFrame: frame }, ourWindow)).toBe(false);
    expect(senderIsTrusted({ sender: ourWindow, senderFrame: { ...frame, parent: {} } }, ourWindow)).toBe(false);
    expect(senderIsTrusted({ sender: ourWindow, senderFrame: { url: 'https://evil.example/', parent: null } }, ourWindow)).toBe(false);
    expect(senderIsTrusted({ sender: ourWindow, senderFrame: { url: 'file:///etc/passwd', parent: null } }, ourWindow)).toBe(false);
    expect(senderIsTrusted({ sender: ourWindow, senderFrame: null }, ourWindow)).toBe(false);
    expect(senderIsTrusted({ sender: ourWindow, senderFrame: frame }, null)).toBe(false);
  });

  it('navigation only within the app', () => {
    expect(navigationAllowed('app://workbench/index.html#/signals')).toBe(true);
    expect(navigationAllowed('app://other/index.html')).toBe(false);
    expect(navigationAllowed('https://example.com/')).toBe(false);
    expect(navigationAllowed('not a url')).toBe(false);
  });

  it('only https links out to the system browser', () => {
    expect(mayOpenExternally('https://attack.mitre.org/techniques/T1059/')).toBe(true);
    expect(mayOpenExternally('file:///etc/passwd')).toBe(false);
    expect(mayOpenExternally('javascript:alert(1)')).toBe(false);
    expect(mayOpenExternally('smb://host/share')).toBe(false);
  });
});
