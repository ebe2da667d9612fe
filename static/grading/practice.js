// Practice page of a lesson's exercise: Check my work (visible checks), hints, the solution
// (after a first check; its commands get Run buttons the terminal bundle already handles:
// [data-run], [data-tab], [data-open-file] inside #lesson) and Start over. Plain script beside
// the terminal bundle (static/playground/app.js); every word comes from the page (i18n).
(function () {
  'use strict';
  const app = document.getElementById('playground');
  if (!app || !app.classList.contains('practice-page')) return;
  const words = document.getElementById('practice-words').dataset;
  const csrf = document.querySelector('input[name=csrfmiddlewaretoken]').value;
  const state = JSON.parse(document.getElementById('practice-state').textContent);
  const results = document.getElementById('results');
  const answers = document.getElementById('answers');
  const solutionButton = document.getElementById('show-solution');
  const solution = document.getElementById('solution');

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Exercise texts are Markdown: show their `code` spans as code (text nodes only, no HTML).
  function inline(node, text) {
    node.replaceChildren();
    String(text).split('`').forEach((part, i) => {
      if (!part) return;
      node.appendChild(i % 2 ? el('code', '', part) : document.createTextNode(part));
    });
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  }

  async function post(url) {
    const body = new URLSearchParams(new FormData(answers));
    let response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'X-CSRFToken': csrf },
        body,
        credentials: 'same-origin',
      });
    } catch {
      return { error: words.failed };
    }
    const type = response.headers.get('Content-Type') || '';
    if (!type.startsWith('application/json')) return { error: words.failed };
    return response.json();
  }

  function showError(message) {
    results.replaceChildren(el('p', 'fail practice-error', message));
  }

  function openSolution() {
    solutionButton.disabled = false;
    document.getElementById('solution-note').hidden = true;
  }

  function renderResult(result) {
    results.replaceChildren();
    let score = `${words.score}: ${result.score} / ${result.max_score}`;
    if (result.hint_cost) score += ` (${fill(words.hintCost, { cost: result.hint_cost })})`;
    results.appendChild(el('p', 'score', score));
    const list = el('ul', 'check-results');
    for (const check of result.checks) {
      const li = el('li', check.passed ? 'pass' : 'fail');
      li.dataset.check = check.id;
      li.appendChild(el('span', 'mark', `${check.passed ? '✓' : check.skipped ? '–' : '✗'} `));
      li.appendChild(el('span', 'points', `${check.points}/${check.max_points} `));
      li.appendChild(inline(el('span', 'check-title'), `${state.titles[check.id] || check.id}: `));
      const said = check.passed ? words.passed : check.skipped ? words.skipped : check.message;
      li.appendChild(inline(el('span', 'check-message'), said));
      for (const diagnosis of check.diagnoses || []) {
        li.appendChild(inline(el('p', 'diagnosis'), diagnosis));
      }
      list.appendChild(li);
    }
    results.appendChild(list);
    if (result.passed) results.appendChild(el('p', 'pass all-passed', words.allPassed));
  }

  document.getElementById('check-work').addEventListener('click', async () => {
    results.replaceChildren(el('p', 'muted', words.checking));
    const data = await post(app.dataset.checkUrl);
    if (data.error) {
      showError(data.error);
      return;
    }
    renderResult(data.result);
    openSolution();
  });

  for (const button of document.querySelectorAll('.hint-button')) {
    button.addEventListener('click', async () => {
      const url = app.dataset.hintUrl.replace(/0\/$/, `${button.dataset.index}/`);
      const data = await post(url);
      if (data.error) {
        showError(data.error);
        return;
      }
      const li = button.closest('li');
      inline(li.querySelector('.hint-text'), data.hint.text);
      button.hidden = true;
    });
  }

  function runButton(line, tab) {
    const button = el('button', 'solution-run', words.run);
    button.type = 'button';
    button.dataset.run = line;
    if (tab && tab !== '1') button.dataset.tab = tab;
    return button;
  }

  function renderSolution(data) {
    solution.replaceChildren();
    for (const [name, content] of Object.entries(data.files)) {
      const block = el('div', 'solution-file');
      block.appendChild(el('p', 'solution-file-name', name));
      const pre = el('pre');
      pre.appendChild(el('code', 'language-yaml', content));
      block.appendChild(pre);
      const open = el('button', 'solution-open', `${words.open} (${name})`);
      open.type = 'button';
      open.dataset.openFile = name;
      open.dataset.content = content;
      block.appendChild(open);
      solution.appendChild(block);
    }
    const steps = el('ol', 'solution-steps');
    for (const step of data.steps) {
      const li = el('li');
      if (step.wait !== undefined) {
        li.appendChild(el('p', 'muted', fill(words.wait, { seconds: step.wait })));
      } else {
        if (step.tab && step.tab !== '1') li.appendChild(el('p', 'muted', fill(words.tab, { tab: step.tab })));
        const pre = el('pre');
        pre.appendChild(el('code', 'language-console', step.line));
        li.appendChild(pre);
        li.appendChild(runButton(step.line, step.tab));
      }
      steps.appendChild(li);
    }
    solution.appendChild(steps);
    solution.hidden = false;
  }

  solutionButton.addEventListener('click', async () => {
    const data = await post(app.dataset.solutionUrl);
    if (data.error) {
      showError(data.error);
      return;
    }
    renderSolution(data.solution);
    solutionButton.hidden = true;
  });

  const reset = document.getElementById('reset-work');
  reset.addEventListener('click', async () => {
    // eslint-disable-next-line no-alert -- a plain confirmation is the accessible choice here
    if (!window.confirm(reset.dataset.confirm)) return;
    results.replaceChildren(el('p', 'muted', words.resetting));
    const data = await post(app.dataset.resetUrl);
    if (data.error) showError(data.error);
    else results.replaceChildren(el('p', 'muted reset-done', words.resetDone));
  });

  answers.addEventListener('submit', (ev) => ev.preventDefault());
  for (const hint of document.querySelectorAll('#hints .hint-text')) {
    if (hint.textContent) inline(hint, hint.textContent);
  }
})();
