// A page for the SECL editor's e2e test only (built by build.ts, never shipped): the editor in a rule
// form's expression field and on a whole policy file, with the app's styles and themes.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Diagnostic } from '../../src-shared/language-service/types.ts';
import type { SeclContext } from '../../src-shared/secl-language/index.ts';
import { SeclEditor } from '../../src-renderer/editor/SeclEditor.tsx';
import '../../src-renderer/styles.css';
import './page.css';

const params = new URLSearchParams(window.location.search);
document.documentElement.dataset['theme'] = params.get('theme') === 'dark' ? 'dark' : 'light';

// The shape the Rules page passes (PackContext): a few macros of the bundled pack.
const context: SeclContext = {
  macros: [
    { id: 'SHELLS', expression: '["sh", "bash", "dash", "zsh"]', values: ['sh', 'bash', 'dash', 'zsh'], description: 'Unix shells, by executable name', packId: 'runtime', file: 'macros.policy' },
    { id: 'DOWNLOADERS', expression: '["curl", "wget", "fetch"]', values: ['curl', 'wget', 'fetch'], description: 'Command-line tools that fetch files over the network', packId: 'runtime', file: 'macros.policy' },
    { id: 'TEMP_PATHS', expression: '[~"/tmp/**", ~"/var/tmp/**", ~"/dev/shm/**"]', description: 'World-writable temporary directories', packId: 'runtime', file: 'macros.policy' },
  ],
};

const policy = `# A policy file: the macros it defines are known to its rules.
version: 1.0.0
macros:
  - id: WEB_SERVERS
    values: [nginx, apache2, httpd]
rules:
  - id: web_server_spawned_shell
    description: A web server started a shell.
    expression: exec.file.name in SHELLS && process.parent.file.name in WEB_SERVERS
  - id: shadow_read
    expression: "open.file.path == \\"/etc/shadow\\" && process.file.nme != \\"sshd\\""
  - id: memfd_exec
    expression: |-
      exec.file.path =~ "/memfd:*"
      && process.uid = 0
`;

function Harness() {
  const [theme, setTheme] = useState(document.documentElement.dataset['theme'] ?? 'light');
  const [expression, setExpression] = useState('');
  const [text, setText] = useState(policy);
  const [runs, setRuns] = useState(0);
  const [problems, setProblems] = useState<Diagnostic[]>([]);
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
  const mode = params.get('mode') === 'policy' ? 'policy' : 'expression';
  return (
    <main className="harness">
      <header>
        <h1>{mode === 'policy' ? 'Policy file' : 'New rule'}</h1>
        <button type="button" data-testid="theme" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </header>
      {mode === 'expression' ? (
        <form className="harness-form" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor="rule-id">Rule ID</label>
          <input id="rule-id" defaultValue="downloader_in_shell" />
          <span className="harness-label">Expression</span>
          <SeclEditor value={expression} onChange={setExpression} mode="expression" context={context} ariaLabel="Rule expression" onRun={() => setRuns((n) => n + 1)} onDiagnostics={setProblems} placeholder='exec.file.name in DOWNLOADERS && process.parent.file.name in SHELLS' />
          <label htmlFor="severity">Severity</label>
          <select id="severity" defaultValue="medium">
            <option>low</option>
            <option>medium</option>
            <option>high</option>
          </select>
        </form>
      ) : (
        <div className="harness-policy">
          <SeclEditor value={text} onChange={setText} mode="policy" context={context} ariaLabel="Policy file" onDiagnostics={setProblems} />
        </div>
      )}
      <footer>
        <output data-testid="value">{mode === 'policy' ? text : expression}</output>
        <output data-testid="runs">{runs}</output>
        <output data-testid="problems">{problems.map((problem) => problem.code).join(',')}</output>
      </footer>
    </main>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Harness />
  </StrictMode>,
);
