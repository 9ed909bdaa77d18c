// The few Monaco internals style-sheets.ts needs (Monaco ships no types for them). They are imported
// through the package's own export map, so they are the very modules Monaco itself uses.
declare module 'monaco-editor/base/common/lifecycle' {
  export interface IDisposable {
    dispose(): void;
  }
  export class DisposableStore implements IDisposable {
    add<T extends IDisposable>(disposable: T): T;
    dispose(): void;
  }
  export function toDisposable(dispose: () => void): IDisposable;
}

declare module 'monaco-editor/base/common/observableInternal/reactions/autorun' {
  import type { IDisposable } from 'monaco-editor/base/common/lifecycle';
  export function autorun(run: (reader: unknown) => void): IDisposable;
}
