// Exercise page: "Check my work" (visible checks, not recorded), "Submit" (graded on a worker,
// polled until done), hints. Plain script beside the terminal bundle (static/playground/app.js).
(function () {
  'use strict';
  const app = document.getElementById('playground');
  if (!app) return;
  const ko = app.dataset.lang === 'ko';
  const T = (k, e) => (ko ? k : e);
  const csrf = document.querySelector('input[name=csrfmiddlewaretoken]').value;
  const state = JSON.parse(document.getElementById('grading-state').textContent);
  const results = document.getElementById('results');
  const list = document.getElementById('submissions');
  // Enter in an answer field must not submit the form (a page reload would lose the answers).
  document.getElementById('answers').addEventListener('submit', (event) => event.preventDefault());

  function post(url) {
    const body = new URLSearchParams(new FormData(document.getElementById('answers')));
    body.set('lang', app.dataset.lang);
    return fetch(url, {
      method: 'POST',
      headers: { 'X-CSRFToken': csrf },
      body,
      credentials: 'same-origin',
    }).then((r) => r.json());
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderResult(target, result, title) {
    target.replaceChildren();
    target.appendChild(el('p', 'score', `${title}: ${result.score} / ${result.max_score}`));
    const ul = el('ul', 'check-results');
    for (const c of result.checks) {
      const li = el('li', c.passed ? 'pass' : 'fail');
      li.dataset.check = c.id;
      const mark = c.passed ? '✓' : c.skipped ? '–' : '✗';
      li.appendChild(el('span', 'mark', mark + ' '));
      li.appendChild(el('span', 'points', `${c.points}/${c.max_points} `));
      li.appendChild(el('span', 'check-title', (state.titles[c.id] || c.id) + ': '));
      li.appendChild(el('span', 'check-message', c.passed ? T('통과', 'passed') : c.message));
      for (const d of c.diagnoses || []) li.appendChild(el('p', 'diagnosis', d));
      ul.appendChild(li);
    }
    target.appendChild(ul);
    if (result.hidden_max_points) {
      target.appendChild(el('p', 'muted', T(
        `숨은 검사 ${result.hidden_max_points}점은 제출할 때 채점됩니다.`,
        `Hidden checks worth ${result.hidden_max_points} points are graded on submit.`)));
    }
  }

  function renderSubmission(sub) {
    let li = list.querySelector(`[data-id="${sub.id}"]`);
    if (!li) {
      li = el('li');
      li.dataset.id = sub.id;
      list.prepend(li);
    }
    li.dataset.status = sub.status;
    li.replaceChildren();
    const head = `${T('시도', 'Attempt')} ${sub.attempt}: `;
    if (sub.status === 'pending') {
      li.appendChild(el('p', 'pending', head + T('채점 중…', 'grading…')));
      return;
    }
    if (sub.status === 'error') {
      li.appendChild(el('p', 'fail', head + T('채점 오류', 'grading failed')));
      return;
    }
    const pts = Math.round(sub.points * 100) / 100;
    li.appendChild(el('p', 'submission-points', `${head}${pts} / ${sub.item_points} ` +
      T('점', 'points') + (sub.late_factor < 1 ? T(' (지각 감점)', ' (late penalty)') : '')));
    const box = el('div');
    li.appendChild(box);
    renderResult(box, sub.result, T('보이는 검사', 'Visible checks'));
  }

  function poll(id, tries) {
    fetch(app.dataset.statusUrl.replace(/0\/$/, `${id}/`), { credentials: 'same-origin' })
      .then((r) => r.json())
      .then((data) => {
        renderSubmission(data.submission);
        if (data.submission.status === 'pending' && tries < 120) {
          setTimeout(() => poll(id, tries + 1), 500);
        }
      });
  }

  document.getElementById('check-work').addEventListener('click', () => {
    results.textContent = T('확인 중…', 'Checking…');
    post(app.dataset.checkUrl).then((data) => {
      if (data.error) results.textContent = data.error;
      else renderResult(results, data.result, T('확인 결과', 'Check'));
    });
  });

  document.getElementById('submit-work').addEventListener('click', () => {
    post(app.dataset.submitUrl).then((data) => {
      if (data.error) {
        results.textContent = data.error;
        return;
      }
      renderSubmission(data.submission);
      poll(data.submission.id, 0);
    });
  });

  function showHint(hint) {
    const li = document.querySelector(`#hints li[data-index="${hint.index}"]`);
    if (li) li.querySelector('.hint-text').textContent = hint.text;
  }

  for (const button of document.querySelectorAll('.hint-button')) {
    button.addEventListener('click', () => {
      const url = app.dataset.hintUrl.replace(/0\/$/, `${button.dataset.index}/`);
      post(url).then((data) => {
        if (data.error) results.textContent = data.error;
        else showHint(data.hint);
      });
    });
  }

  for (const sub of state.submissions.slice().reverse()) renderSubmission(sub);
  for (const hint of state.hints) showHint(hint);
  for (const sub of state.submissions) if (sub.status === 'pending') poll(sub.id, 0);
})();
