// The browser bundle's own words in the page's language (data-lang on #playground): terminal,
// editor, copy buttons, CodeMirror's phrases. Not Django's JavaScriptCatalog: the bundle needs
// them before the socket opens, on pages whose language is the page's (lesson URL), not the
// active locale's, and one table here costs no request per page. Template words a page's own
// script uses (practice, authoring) come from gettext as data-* attributes instead.
//
// Server `error` / `notice` frames carry a `code` (PROTOCOL.md); `frameText` shows the page's
// translation of that code and falls back to the server's English `message` for other codes.

const MESSAGES = {
  en: {
    connecting: 'connecting…',
    connected: 'connected',
    reconnecting: 'reconnecting…',
    resetConfirm: 'Reset the cluster?',
    saved: 'Saved',
    unsaved: 'Unsaved changes',
    saveOffline: 'Not connected — will save on reconnect',
    updatedFromTerminal: 'Updated from the terminal',
    changedInTerminal: 'Changed in the terminal — your unsaved edits are kept',
    badFileName: 'File names use letters, digits, ".", "_" and "-" (e.g. pod.yaml)',
    deleteFile: 'Delete {name}?',
    copy: 'Copy',
    run: '▶ Run',
    openInEditor: 'Open in editor ({file})',
    editorEmpty: 'Open a file, or create one with "New file".',
    renameTab: 'Double-click to rename',
    closeTab: 'Close tab {name}',
    newTab: 'New terminal tab',
    tabName: 'Tab name',
    terminalInput: 'Terminal input',
    yamlEditor: 'YAML editor',
    copied: 'Copied',
    copyFailed: 'Cannot copy here: select the text instead',
    copyAria: 'Copy to the clipboard',
    reconnected: 'reconnected',
    reconnectedStopped: 'reconnected; the running command was stopped',
    connectionLost: 'connection lost; reconnecting in {secs}s…',
    cannotConnect: 'cannot connect; reconnecting in {secs}s…',
    notConnected: 'not connected to the sandbox; reconnecting — try again in a moment',
    clusterReset: 'cluster reset to its starting state',
    scrollbackRestored: 'earlier output of this terminal, kept from the previous page',
    stoppedByLeaving: 'leaving the page stopped the command that was running: {cmd}',
    stoppedByLeavingAgain: 'leaving the page stopped the command that was running: {cmd} (press Enter to run it again)',
    keyRow: 'Terminal keys',
    keyCtrlC: 'Ctrl-C: stop the running command',
    keyTab: 'Tab: complete',
    keyUp: 'Up: previous command',
    keyDown: 'Down: next command',
    keyLeft: 'Left',
    keyRight: 'Right',
    keyEsc: 'Escape',
    keyCtrlR: 'Ctrl-R: search the history',
    keyCtrlL: 'Ctrl-L: clear the screen',
    dockPanels: 'Work area',
    dockBigger: 'Make the work area taller',
    dockSmaller: 'Make the work area shorter',
    runQueued: 'queued: runs when the current command finishes: {line}',
    runDropped: 'not run (Ctrl-C): {line}',
    typeAheadFull: 'too much typed ahead: the rest of this input was not kept',
    busy: 'a command is still running in this tab (press Ctrl-C to stop it)',
    rate_limited: 'too many requests: wait a moment before sending more commands',
    queue_full: 'too many commands waiting: {limit} of yours are queued or running already; wait for them to finish',
    too_many_sockets: 'too many terminals open: close another playground tab or window (the limit is {limit})',
    queued: 'the playground is busy: your command is waiting for a free worker ({seconds} s so far)',
    queuedBehind: 'the playground is busy: your command is waiting for a free worker, {ahead} other commands ahead of it ({seconds} s so far)',
    queue_timeout: 'the playground is too busy: your command did not start within {seconds} s and was not run; please try again',
    worker_lost: 'the command was interrupted: the worker running it stopped. The sandbox holds its state from before or after the command, never half of it',
  },
  ko: {
    connecting: '연결 중…',
    connected: '연결됨',
    reconnecting: '다시 연결하는 중…',
    resetConfirm: '클러스터를 처음 상태로 되돌릴까요?',
    saved: '저장됨',
    unsaved: '저장하지 않은 변경 사항',
    saveOffline: '연결되어 있지 않습니다. 다시 연결되면 저장합니다',
    updatedFromTerminal: '터미널에서 바뀐 내용을 불러왔습니다',
    changedInTerminal: '터미널에서 파일이 바뀌었습니다. 저장하지 않은 편집 내용은 그대로 둡니다',
    badFileName: '파일 이름에는 영문자, 숫자, ".", "_", "-"만 쓸 수 있습니다 (예: pod.yaml)',
    deleteFile: '{name} 파일을 삭제할까요?',
    copy: '복사',
    run: '▶ 실행',
    openInEditor: '편집기에서 열기 ({file})',
    editorEmpty: '파일 탭을 고르거나 "새 파일"로 만드세요.',
    renameTab: '두 번 눌러 이름 바꾸기',
    closeTab: '탭 닫기 {name}',
    newTab: '새 터미널 탭',
    tabName: '탭 이름',
    terminalInput: '터미널 입력',
    yamlEditor: 'YAML 편집기',
    copied: '복사됨',
    copyFailed: '여기서는 복사할 수 없습니다. 텍스트를 직접 선택하세요',
    copyAria: '클립보드에 복사',
    reconnected: '다시 연결되었습니다',
    reconnectedStopped: '다시 연결되었습니다. 실행 중이던 명령은 중지했습니다',
    connectionLost: '연결이 끊겼습니다. {secs}초 뒤 다시 연결합니다…',
    cannotConnect: '연결할 수 없습니다. {secs}초 뒤 다시 시도합니다…',
    notConnected: '샌드박스에 연결되어 있지 않습니다. 다시 연결하는 중이니 잠시 뒤 다시 시도하세요',
    clusterReset: '클러스터를 처음 상태로 되돌렸습니다',
    scrollbackRestored: '이전 페이지에서 이어 온 이 터미널의 출력',
    stoppedByLeaving: '페이지를 떠나면서 실행 중이던 명령을 중지했습니다: {cmd}',
    stoppedByLeavingAgain: '페이지를 떠나면서 실행 중이던 명령을 중지했습니다: {cmd} (다시 실행하려면 Enter)',
    keyRow: '터미널 키',
    keyCtrlC: 'Ctrl-C: 실행 중인 명령 중지',
    keyTab: 'Tab: 자동 완성',
    keyUp: '위: 이전 명령',
    keyDown: '아래: 다음 명령',
    keyLeft: '왼쪽',
    keyRight: '오른쪽',
    keyEsc: 'Esc',
    keyCtrlR: 'Ctrl-R: 명령 기록 검색',
    keyCtrlL: 'Ctrl-L: 화면 지우기',
    dockPanels: '작업 영역',
    dockBigger: '작업 영역 크게',
    dockSmaller: '작업 영역 작게',
    runQueued: '대기 중: 지금 명령이 끝나면 실행합니다: {line}',
    runDropped: '실행하지 않음 (Ctrl-C): {line}',
    typeAheadFull: '미리 입력한 내용이 너무 많아 나머지는 저장하지 않았습니다',
    busy: '이 탭에서 아직 명령이 실행 중입니다 (Ctrl-C로 중지하세요)',
    rate_limited: '요청이 너무 많습니다. 잠시 기다렸다가 명령을 보내세요',
    queue_full: '대기 중인 명령이 너무 많습니다. 이미 {limit}개가 대기 또는 실행 중이니 끝날 때까지 기다리세요',
    too_many_sockets: '열린 터미널이 너무 많습니다. 다른 플레이그라운드 탭이나 창을 닫으세요 (최대 {limit}개)',
    queued: '플레이그라운드가 바쁩니다. 명령이 빈 워커를 기다리는 중입니다 (지금까지 {seconds}초)',
    queuedBehind: '플레이그라운드가 바쁩니다. 명령이 빈 워커를 기다리는 중이며, 앞에 다른 명령이 {ahead}개 있습니다 (지금까지 {seconds}초)',
    queue_timeout: '플레이그라운드가 너무 바쁩니다. 명령이 {seconds}초 안에 시작되지 않아 실행하지 않았습니다. 다시 시도하세요',
    worker_lost: '명령이 중단되었습니다: 명령을 실행하던 워커가 멈췄습니다. 샌드박스는 명령 전이나 후의 상태 그대로이며, 절반만 바뀌지는 않습니다',
  },
};

// CodeMirror's own words (EditorState.phrases), keyed by its English; English needs none.
const EDITOR_PHRASES = {
  ko: {
    'Fold line': '줄 접기',
    'Unfold line': '줄 펼치기',
    'folded code': '접힌 코드',
    unfold: '펼치기',
    'Folded lines': '줄을 접었습니다',
    'Unfolded lines': '줄을 펼쳤습니다',
    Completions: '자동 완성',
    Diagnostics: '진단',
    'No diagnostics': '진단 없음',
    'Control character': '제어 문자',
    'Selection deleted': '선택 영역을 지웠습니다',
    'Go to line': '줄로 이동',
    go: '이동',
    Find: '찾기',
    Replace: '바꾸기',
    next: '다음',
    previous: '이전',
    all: '모두',
    'match case': '대소문자 구분',
    regexp: '정규식',
    'by word': '단어 단위',
    replace: '바꾸기',
    'replace all': '모두 바꾸기',
    close: '닫기',
    'current match': '현재 일치 항목',
    'on line': '줄',
    'replaced $ matches': '$개를 바꿨습니다',
    'replaced match on line $': '$번 줄의 일치 항목을 바꿨습니다',
    to: '~',
  },
};

/** CodeMirror's phrases for `lang` (for EditorState.phrases.of). */
export function editorPhrases(lang) {
  return EDITOR_PHRASES[lang] ?? {};
}

/** The text for `key` in `lang`, with `{name}` filled from `values`. */
export function t(lang, key, values = {}) {
  const table = MESSAGES[lang] ?? MESSAGES.en;
  const text = table[key] ?? MESSAGES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in values ? String(values[name]) : m));
}

/** What to show for a server `error` / `notice` frame. */
export function frameText(lang, frame) {
  const code = typeof frame.code === 'string' ? frame.code : '';
  if (code === 'queued' && frame.ahead != null) return t(lang, 'queuedBehind', frame);
  if (code && Object.prototype.hasOwnProperty.call(MESSAGES.en, code)) return t(lang, code, frame);
  return String(frame.message ?? 'error');
}
