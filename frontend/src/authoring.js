// Exercise authoring page: CodeMirror over the form's textarea, live preview + validation,
// "Test with reference solution". Built separately: npm --prefix frontend run build:authoring.
import { EditorView, basicSetup } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';

// The server's problems say where they are ("…: line 12, column 5: checks[0]…"): mark that
// line in the editor too (problems without a place stay in the list only).
const PLACE = /line (\d+), column (\d+): /;

function diagnostics(doc, errors) {
  const found = [];
  for (const message of errors) {
    const place = PLACE.exec(message);
    if (!place) continue;
    const number = Math.min(Number(place[1]), doc.lines);
    const line = doc.line(number);
    const from = Math.min(line.from + Number(place[2]) - 1, line.to);
    found.push({ from, to: line.to, severity: 'error', message });
  }
  return found;
}

function start() {
  const root = document.querySelector('.authoring');
  const textarea = document.getElementById('id_yaml_text');
  const host = document.getElementById('yaml-editor');
  if (!root || !textarea || !host) return;
  const csrf = document.querySelector('input[name=csrfmiddlewaretoken]').value;
  const validation = document.getElementById('validation');
  const preview = document.getElementById('preview');
  const testResult = document.getElementById('test-result');
  textarea.hidden = true;

  const post = (url) =>
    fetch(url, {
      method: 'POST',
      headers: { 'X-CSRFToken': csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ yaml_text: view.state.doc.toString() }),
      credentials: 'same-origin',
    }).then((r) => r.json());

  let timer = null;
  let asked = 0; // the latest preview asked for: an older answer arriving late is dropped
  const refresh = () => {
    const mine = ++asked;
    post(root.dataset.previewUrl).then((data) => {
      if (mine !== asked) return;
      validation.replaceChildren();
      view.dispatch(setDiagnostics(view.state, diagnostics(view.state.doc, data.errors)));
      if (data.errors.length) {
        validation.className = 'errors';
        const ul = document.createElement('ul');
        for (const e of data.errors) {
          const li = document.createElement('li');
          li.textContent = e;
          ul.appendChild(li);
        }
        validation.appendChild(ul);
        return;
      }
      validation.className = 'pass';
      validation.textContent = root.dataset.valid;
      preview.innerHTML = `<h1></h1>${data.html}`;
      // The headings' words come from the page (gettext), in the instructor's language.
      for (const [word, list] of [[root.dataset.tasks, 'ol'], [root.dataset.visibleChecks, 'ul']]) {
        const head = document.createElement('h2');
        head.textContent = word;
        preview.append(head, document.createElement(list));
      }
      preview.querySelector('h1').textContent = data.view.title;
      for (const t of data.view.tasks) {
        const li = document.createElement('li');
        li.textContent = t;
        preview.querySelector('ol').appendChild(li);
      }
      for (const c of data.view.checks) {
        const li = document.createElement('li');
        li.textContent = `${c.title} (${c.points})`;
        preview.querySelector('ul').appendChild(li);
      }
    });
  };

  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      basicSetup,
      yaml(),
      lintGutter(),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        textarea.value = update.state.doc.toString();
        clearTimeout(timer);
        timer = setTimeout(refresh, 400);
      }),
    ],
    parent: host,
  });
  window.authoringEditor = view;

  document.getElementById('test-exercise').addEventListener('click', () => {
    testResult.className = '';
    testResult.textContent = root.dataset.testing;
    post(root.dataset.testUrl).then((data) => {
      testResult.className = data.ok ? 'pass' : 'errors';
      testResult.textContent = data.ok
        ? root.dataset.testPassed
        : data.problems.join('\n');
    });
  });
  if (textarea.value.trim()) refresh();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
