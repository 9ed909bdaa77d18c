// The explorer's view and the address: the hash as it changes, and the view mirrored into it so that a
// view can be reloaded, bookmarked, sent, and walked back with the back button.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isExplorerHash, parseView, viewHash, type SignalsView } from './signalsView.ts';

export function useHash(): string {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    window.addEventListener('popstate', onChange);
    return () => {
      window.removeEventListener('hashchange', onChange);
      window.removeEventListener('popstate', onChange);
    };
  }, []);
  return hash;
}

/**
 * The view, mirrored into the address: a discrete change (a facet, the histogram, a saved view) is a new
 * history entry the back button returns from; typing and highlighting replace the current one.
 */
export function useView(initial: SignalsView, onAddress: (view: SignalsView) => void): [SignalsView, (change: Partial<SignalsView>, history?: 'push' | 'replace') => void] {
  const [view, setView] = useState(initial);
  const mode = useRef<'push' | 'replace'>('replace');
  useEffect(() => {
    if (!isExplorerHash(window.location.hash)) return;
    const hash = viewHash(view);
    if (hash !== window.location.hash) {
      if (mode.current === 'push') window.history.pushState(null, '', hash);
      else window.history.replaceState(null, '', hash);
    }
    mode.current = 'replace';
  }, [view]);
  useEffect(() => {
    const onAddressChange = () => {
      if (!isExplorerHash(window.location.hash)) return;
      const next = parseView(window.location.hash);
      mode.current = 'replace';
      setView(next);
      onAddress(next);
    };
    window.addEventListener('popstate', onAddressChange);
    window.addEventListener('hashchange', onAddressChange);
    return () => {
      window.removeEventListener('popstate', onAddressChange);
      window.removeEventListener('hashchange', onAddressChange);
    };
  }, [onAddress]);
  const update = useCallback((change: Partial<SignalsView>, history: 'push' | 'replace' = 'push') => {
    mode.current = history;
    setView((previous) => ({ ...previous, ...change }));
  }, []);
  return [view, update];
}
