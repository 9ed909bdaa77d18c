// React's view of a KeysetLoader: the rows of a server-side list, loaded in blocks as they scroll in.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { KeysetLoader, type KeysetRows, type KeysetSource } from './keysetLoader.ts';

export type { KeysetPageRequest, KeysetRows, KeysetSource } from './keysetLoader.ts';

export function useKeysetRows<T, C>(source: KeysetSource<T, C>): KeysetRows<T> {
  const [loader] = useState(() => new KeysetLoader<T, C>());
  // first, so the effects below see this render's source
  useEffect(() => loader.setSource(source));
  // a new list: forget everything
  useEffect(() => {
    loader.reload(false);
    return () => loader.dispose();
  }, [loader, source.key, source.enabled]);
  // the same list with new data under it: reload in place, the old rows showing until the new ones come
  useEffect(() => loader.refresh(), [loader, source.version]);
  return useSyncExternalStore(loader.subscribe, loader.getSnapshot);
}
