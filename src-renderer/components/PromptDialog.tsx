// Questions from the services (trust this host key? type this password) shown as they arrive, one at
// a time, whichever page the user is on.
import { useEffect, useState, type FormEvent } from 'react';
import type { Prompt } from '../../src-shared/api/domain.ts';
import { workbench } from '../api.ts';
import { Modal } from './Modal.tsx';

function HostKeyPrompt({ prompt, answer }: { prompt: Extract<Prompt, { kind: 'host-key' }>; answer(value: boolean): void }) {
  return (
    <Modal title={`Unknown host key for ${prompt.host}`} onCancel={() => answer(false)}>
      <p>
        This is the first connection to <strong>{prompt.host}</strong> ({prompt.address}:{prompt.port}). Check that the fingerprint below is the host&apos;s
        before trusting it: on the host, <code>ssh-keygen -lf /etc/ssh/ssh_host_{prompt.keyType.replace(/^ssh-/, '').replace(/^ecdsa-.*/, 'ecdsa')}_key.pub</code> prints it.
      </p>
      <dl className="fingerprint">
        <dt>Key type</dt>
        <dd className="mono">{prompt.keyType}</dd>
        <dt>Fingerprint</dt>
        <dd className="mono" data-testid="prompt-fingerprint">{prompt.fingerprint}</dd>
      </dl>
      <div className="modal-actions">
        <button type="button" onClick={() => answer(false)}>Refuse</button>
        <button type="button" className="primary" onClick={() => answer(true)}>Trust and connect</button>
      </div>
    </Modal>
  );
}

function SecretPrompt({ prompt, answer }: { prompt: Extract<Prompt, { kind: 'secret' }>; answer(value: string | null): void }) {
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    answer(value);
  };
  return (
    <Modal title={`${prompt.secret === 'passphrase' ? 'Key passphrase' : prompt.secret === 'sudo' ? 'sudo password' : 'Password'} for ${prompt.host}`} onCancel={() => answer(null)}>
      <form onSubmit={submit}>
        <label className="field">
          <span>{prompt.prompt}</span>
          <input type="password" autoFocus autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} aria-label={prompt.prompt} />
        </label>
        <p className="muted">Kept in memory or in the system keychain, never in the case file.</p>
        <div className="modal-actions">
          <button type="button" onClick={() => answer(null)}>Cancel</button>
          <button type="submit" className="primary">Continue</button>
        </div>
      </form>
    </Modal>
  );
}

export function PromptDialog() {
  const [open, setOpen] = useState<Prompt[]>([]);
  useEffect(
    () =>
      workbench().subscribe('prompts', {}, (event) => {
        setOpen((current) => (event.state === 'open' ? [...current.filter((p) => p.id !== event.prompt.id), event.prompt] : current.filter((p) => p.id !== event.id)));
      }),
    [],
  );
  const prompt = open[0];
  if (!prompt) return null;
  const answer = (value: boolean | string | null) => {
    setOpen((current) => current.filter((p) => p.id !== prompt.id));
    void workbench().call('prompts.answer', { id: prompt.id, answer: value }).catch(() => undefined);
  };
  return prompt.kind === 'host-key' ? <HostKeyPrompt key={prompt.id} prompt={prompt} answer={answer} /> : <SecretPrompt key={prompt.id} prompt={prompt} answer={answer} />;
}
