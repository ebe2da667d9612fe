// Exercise page: "Check my work" (visible checks, not recorded), "Submit" (graded on a worker,
// polled until it ends in a grade or an error with a Retry button), hints. Plain script beside the terminal bundle (static/playground/app.js);
// its words come from the page (state.i18n, gettext in the active language).
(function () {
  'use strict';
  const app = document.getElementById('playground');
  if (!app) return;
  const csrf = document.querySelector('input[name=csrfmiddlewaretoken]').value;
  const state = JSON.parse(document.getElementById('grading-state').textContent);
  const results = document.getElementById('results');
  const list = document.getElementById('submissions');
  // Enter in an answer field must not submit the form (a page reload would lose the answers).
  document.getElementById('answers').addEventListener('submit', (event) => event.preventDefault());

  function post(url) {
    const body = new URLSearchParams(new FormData(document.getElementById('answers')));
    body.set('lang', app.dataset.lang);
    // Never a silent failure: a dropped connection or a page that is not our JSON becomes an
    // error the caller shows like any other.
    return fetch(url, {
      method: 'POST',
      headers: { 'X-CSRFToken': csrf },
      body,
      credentials: 'same-origin',
    })
      .then((r) => r.json())
      .catch(() => ({ error: state.i18n.unavailable }));
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
      li.appendChild(el('span', 'check-message', c.passed ? S.passed : c.message));
      for (const d of c.diagnoses || []) li.appendChild(el('p', 'diagnosis', d));
      ul.appendChild(li);
    }
    target.appendChild(ul);
    // Present only after the due date (before it a learner learns nothing of hidden checks).
    if (result.hidden_max_points) {
      target.appendChild(el('p', 'muted', S.hidden.replace('{score}', result.hidden_score)
        .replace('{points}', result.hidden_max_points)));
    }
  }

  const S = state.i18n;

  function renderSubmission(sub) {
    let li = list.querySelector(`[data-id="${sub.id}"]`);
    if (!li) {
      li = el('li');
      li.dataset.id = sub.id;
      list.prepend(li);
    }
    li.dataset.status = sub.status;
    li.replaceChildren();
    const head = `${S.attempt} ${sub.attempt}: `;
    if (sub.status === 'graded') {
      const pts = Math.round(sub.points * 100) / 100;
      li.appendChild(el('p', 'submission-points', sub.withheld ? head + S.withheld
        : `${head}${pts} / ${sub.item_points} ` + S.points +
          (sub.late_factor < 1 ? ` (${S.late})` : '')));
      const box = el('div');
      li.appendChild(box);
      renderResult(box, sub.result, S.visible);
      return;
    }
    const line = sub.status === 'error' ? S.failed : S.grading;
    li.appendChild(el('p', sub.status === 'error' ? 'fail' : 'pending', head + line));
    if (sub.message) li.appendChild(el('p', 'submission-message', sub.message));
    if (sub.can_retry) {
      const button = el('button', 'retry-submission', S.retry);
      button.type = 'button';
      button.addEventListener('click', () => retry(sub.id, button));
      li.appendChild(button);
    }
  }

  // Poll until the submission ends in a grade or an error: never give up silently. The wait
  // grows to 5 s; an unreachable server is said on the page and polling goes on.
  function poll(id, delay) {
    const url = app.dataset.statusUrl.replace(/0\/$/, `${id}/`) + `?lang=${app.dataset.lang}`;
    const again = () => setTimeout(() => poll(id, Math.min(delay * 1.5, 5000)), delay);
    fetch(url, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((data) => {
        renderSubmission(data.submission);
        // The grade as the gradebook counts it (late factor, hints, a manual grade).
        if (data.grade) document.getElementById('your-grade').textContent = data.grade;
        if (data.submission.status === 'pending') again();
      })
      .catch(() => {
        const li = list.querySelector(`[data-id="${id}"]`);
        if (li && !li.querySelector('.submission-offline')) {
          li.appendChild(el('p', 'submission-offline muted', S.offline));
        }
        again();
      });
  }

  function retry(id, button) {
    button.disabled = true;
    button.textContent = S.retrying;
    post(app.dataset.retryUrl.replace(/0\/retry\/$/, `${id}/retry/`)).then((data) => {
      if (data.error) {
        results.textContent = data.error;
        button.disabled = false;
        button.textContent = S.retry;
        return;
      }
      renderSubmission(data.submission);
      poll(id, 500);
    });
  }

  document.getElementById('check-work').addEventListener('click', () => {
    results.textContent = S.checking;
    post(app.dataset.checkUrl).then((data) => {
      if (data.error) results.textContent = data.error;
      else renderResult(results, data.result, S.check);
    });
  });

  document.getElementById('submit-work').addEventListener('click', () => {
    post(app.dataset.submitUrl).then((data) => {
      if (data.error) {
        results.textContent = data.error;
        return;
      }
      renderSubmission(data.submission);
      poll(data.submission.id, 500);
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
  for (const sub of state.submissions) if (sub.status === 'pending') poll(sub.id, 500);
})();
