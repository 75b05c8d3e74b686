'use strict';
// The emulator page: a chat with the bot and the conflict lab. Plain JavaScript, no build step. Everything it shows
// comes from GET /emulator/events (server-sent events, one "snapshot" per change); everything it does is one of the
// emulator's /emulator/... controls, the same ones README lists for curl.
(() => {
  const CHATS = [
    { id: 42, title: 'User 42', kind: 'private chat', users: [42] },
    { id: 43, title: 'User 43', kind: 'private chat', users: [43] },
    { id: -1001, title: 'Group 1001', kind: 'group of users 42, 43, 44', users: [42, 43, 44] },
  ];
  const $ = (id) => document.getElementById(id);
  const state = { chat: CHATS[0], sender: 42, source: null, messagesJson: '', lastLogSeq: 0, lastAnswerSeq: null,
    snapshot: null, commands: [], connected: false, stick: true };

  // ------------------------------------------------------------------ helpers
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
      else node.setAttribute(k, v);
    });
    children.flat().forEach((c) => { if (c != null) node.append(c); });
    return node;
  }
  async function post(path, body, method) {
    const options = { method: method || 'POST' };
    if (body instanceof FormData) options.body = body;
    else if (body !== undefined) {
      options.body = JSON.stringify(body);
      options.headers = { 'Content-Type': 'application/json' };
    }
    const response = await fetch(path, options);
    if (!response.ok) toast('The emulator answered ' + response.status + ' to ' + path, true);
    return response;
  }
  function time(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function toast(text, alert) {
    const t = el('div', { class: 'toast' + (alert ? ' alert' : ''), text });
    $('toasts').append(t);
    setTimeout(() => t.remove(), alert ? 8000 : 4000);
  }
  function summary(m) {
    if (m.text) return m.text;
    if (m.photo) return '[photo]' + (m.caption ? ' ' + m.caption : '');
    if (m.caption) return m.caption;
    return '[message]';
  }
  function fact(dl, name, value, testId) {
    const dd = el('dd', { text: value });
    if (testId) dd.dataset.fact = testId;
    dl.append(el('dt', { text: name }), dd);
  }

  // ------------------------------------------------------------------ chats
  function renderChats() {
    const list = $('chat-list');
    list.replaceChildren(...CHATS.map((c) => el('li', {},
      el('button', { type: 'button', 'aria-current': String(c === state.chat), 'data-chat': String(c.id),
        onclick: () => selectChat(c) }, c.title, el('small', { text: c.kind })))));
    const row = $('sender-row');
    row.hidden = state.chat.users.length < 2;
    $('sender').replaceChildren(...state.chat.users.map((u) => el('option', { value: String(u), text: 'User ' + u })));
    $('sender').value = String(state.sender);
    $('chat-title').textContent = state.chat.title + ' (' + state.chat.kind + ', chat_id ' + state.chat.id + ')';
  }
  function selectChat(chat) {
    state.chat = chat;
    state.sender = chat.users[0];
    state.messagesJson = '';
    state.stick = true;
    renderChats();
    connect();
    $('text').focus();
  }

  // ------------------------------------------------------------------ messages
  function renderMessage(m) {
    const mine = !(m.from && m.from.is_bot);
    const li = el('li', { class: 'message ' + (mine ? 'from-user' : 'from-bot'), 'data-message-id': String(m.message_id) });
    li.append(el('div', { class: 'who', text: m.from ? m.from.first_name : '' }));
    if (m.reply_to_message) {
      const r = m.reply_to_message;
      li.append(el('blockquote', { class: 'quote', text: (r.from ? r.from.first_name + ': ' : '') + summary(r) }));
    }
    if (m.photo && m.photo.length) {
      const largest = m.photo.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
      const img = el('img', { src: '/emulator/files/' + encodeURIComponent(largest.file_id),
        alt: m.caption ? 'Photo: ' + m.caption : 'Photo', 'data-file-id': largest.file_id });
      img.addEventListener('error', () => img.replaceWith(el('div', { class: 'placeholder', role: 'img',
        'aria-label': 'Photo known only by its file_id', text: 'photo\nfile_id ' + largest.file_id })));
      li.append(img);
    }
    ['document', 'video', 'audio', 'animation', 'voice', 'video_note', 'sticker'].forEach((kind) => {
      if (m[kind]) li.append(el('div', { class: 'other', text: '[' + kind + (m[kind].file_name ? ': ' + m[kind].file_name : '') + ']' }));
    });
    if (m.location) li.append(el('div', { class: 'other', text: '[location ' + m.location.latitude + ', ' + m.location.longitude + ']' }));
    if (m.dice) li.append(el('div', { class: 'other', text: m.dice.emoji + ' ' + m.dice.value }));
    if (m.text != null) li.append(el('div', { class: 'text', text: m.text }));
    if (m.caption != null) li.append(el('div', { class: 'caption', text: m.caption }));
    const keyboard = m.reply_markup && m.reply_markup.inline_keyboard;
    if (keyboard) {
      li.append(el('div', { class: 'keyboard', role: 'group', 'aria-label': 'Buttons of this message' },
        keyboard.map((row) => el('div', { class: 'row' }, row.map((b) => {
          if (b.url) return el('a', { href: b.url, target: '_blank', rel: 'noopener noreferrer', text: b.text });
          return el('button', { type: 'button', text: b.text, 'data-callback': b.callback_data || '',
            onclick: (e) => press(m, b, e.currentTarget) });
        })))));
    }
    li.append(el('div', { class: 'meta', text: time(m.date * 1000) + (m.edit_date ? ' · edited' : '') }));
    return li;
  }
  function renderMessages(messages) {
    const json = JSON.stringify(messages);
    if (json === state.messagesJson) return;
    state.messagesJson = json;
    const list = $('messages');
    list.replaceChildren(...(messages.length ? messages.map(renderMessage)
      : [el('li', { class: 'hint', text: 'No messages yet. Say hello, or send /start.' })]));
    if (state.stick) stickToBottom();
  }
  // The chat stays at the newest message while the person has not scrolled up, also when photos load later and make
  // the list taller; opening a chat starts there.
  // A scroll that comes with a change of the list's size (photos loading, the window resized) is the layout's, not
  // the person's: it keeps the chat at the bottom if it was there.
  const layout = { height: 0, client: 0 };
  function stickToBottom() {
    const list = $('messages');
    state.stick = true;
    list.scrollTop = list.scrollHeight;
    layout.height = list.scrollHeight;
    layout.client = list.clientHeight;
  }
  $('messages').addEventListener('scroll', () => {
    const list = $('messages');
    const resized = list.scrollHeight !== layout.height || list.clientHeight !== layout.client;
    if (resized && state.stick) {
      stickToBottom();
      return;
    }
    layout.height = list.scrollHeight;
    layout.client = list.clientHeight;
    state.stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  });
  $('messages').addEventListener('load', (e) => {
    if (e.target.tagName === 'IMG' && state.stick) stickToBottom();
  }, true);
  new ResizeObserver(() => { if (state.stick) stickToBottom(); }).observe($('messages'));
  function press(message, button, node) {
    node.disabled = true;
    post('/emulator/callback', { chat_id: state.chat.id, message_id: message.message_id,
      data: button.callback_data || '', from_id: state.sender });
  }

  // ------------------------------------------------------------------ composer and commands
  function send(text) {
    if (!text.trim()) return;
    post('/emulator/messages', { chat_id: state.chat.id, text, from_id: state.sender });
    $('text').value = '';
    renderCommands();
  }
  function renderCommands() {
    const box = $('commands');
    const value = $('text').value;
    const matching = value.startsWith('/') && !value.includes(' ')
      ? state.commands.filter((c) => ('/' + c.command).startsWith(value)) : [];
    box.hidden = matching.length === 0;
    box.replaceChildren(...matching.map((c) => el('button', { type: 'button', role: 'option',
      onclick: () => send('/' + c.command) }, '/' + c.command, el('span', { text: c.description || '' }))));
  }
  $('composer').addEventListener('submit', (e) => { e.preventDefault(); send($('text').value); });
  $('text').addEventListener('input', renderCommands);
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && !$('commands').hidden) { e.preventDefault(); $('commands').querySelector('button').focus(); }
    if (e.key === 'Escape') $('commands').hidden = true;
  });
  $('commands').addEventListener('keydown', (e) => {
    const buttons = [...$('commands').querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i < buttons.length - 1) { e.preventDefault(); buttons[i + 1].focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? buttons[i - 1] : $('text')).focus(); }
    if (e.key === 'Escape') { $('commands').hidden = true; $('text').focus(); }
  });
  $('photo').addEventListener('change', () => {
    const file = $('photo').files[0];
    if (!file) return;
    const form = new FormData();
    form.append('chat_id', String(state.chat.id));
    form.append('from_id', String(state.sender));
    if ($('text').value.trim()) form.append('caption', $('text').value);
    form.append('photo', file, file.name);
    post('/emulator/photo', form);
    $('text').value = '';
    $('photo').value = '';
  });
  $('photo-button').addEventListener('click', () => $('photo').click());
  $('sender').addEventListener('change', () => { state.sender = Number($('sender').value); });

  // ------------------------------------------------------------------ the lab
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function firstLine(text) { return String(text || '').split('\n')[0]; }
  // The one state the page shows, from the last snapshot and whether the stream is connected:
  // {name: connecting | disconnected | emulator-only | exited | stopping | conflict | outage | revoked | polling |
  //  live | standby | starting, kind: '' | 'warn' | 'error', badge: the header's words, words: the verdict}.
  function stateOf(snapshot, connected) {
    const s = snapshot && snapshot.service;
    const e = snapshot && snapshot.emulator;
    const exit = s && (s.exiting || s.stopped) ? s : null;
    if (!connected) {
      if (!snapshot) return { name: 'connecting', kind: 'warn', badge: 'Connecting…', words: 'Connecting to the app…' };
      const last = exit && exit.exit_code != null ? ' It had exited with code ' + exit.exit_code + '.' : '';
      return { name: 'disconnected', kind: 'error', badge: 'Disconnected',
        words: 'The app is not answering (stopped, or reloading); the page retries by itself.' + last
          + ' In dev mode, press the space bar in the terminal to restart it.', report: exit && exit.exit_report };
    }
    if (!s) return { name: 'emulator-only', kind: '', badge: 'Live',
      words: 'This emulator runs without the service beside it: only the Bot API side is shown.' };
    if (exit) {
      const code = exit.exit_code != null ? exit.exit_code : null;
      const words = (s.stopped ? 'The app has exited' : 'The app is exiting') + (code != null ? ' with code ' + code : '')
        + (exit.exit_report ? ': the ERROR line below (also in its log) says why and what to do.'
          : s.stopped ? ' (no exit report: stopped from outside, or it crashed).' : '.')
        + ' In dev mode, press the space bar in the terminal to restart it; the conversation is kept.';
      return { name: s.stopped ? 'exited' : 'stopping', kind: 'error',
        badge: (s.stopped ? 'Exited' : 'Exiting') + (code != null ? ' (code ' + code + ')' : ''), words,
        report: exit.exit_report };
    }
    if (s.conflict) return { name: 'conflict', kind: 'warn', badge: 'Live',
      words: 'Conflict: another program polls this bot\'s updates with the same token. Telegram serves one long poll '
        + 'at a time, so each one ends the other\'s with 409. The service retries for up to ' + s.conflict_budget_s
        + ' s (' + (s.conflict.ms / 1000).toFixed(1) + ' s so far, ' + plural(s.conflict.answers, 'conflict answer',
        'conflict answers') + '), then stops instead of fighting for days.' };
    if (s.outage) return { name: 'outage', kind: 'warn', badge: 'Live', words: 'The Bot API does not answer properly. '
      + 'The service retries with growing pauses and loses nothing; it will say when the API answers again.' };
    if (e.token_revoked) return { name: 'revoked', kind: 'error', badge: 'Live',
      words: 'The token is revoked: the service\'s next call gets 401 and it exits.' };
    if (e.webhook_by_other_party && s.mode === 'polling') return { name: 'conflict', kind: 'warn', badge: 'Live',
      words: 'Another deployment set a webhook: Telegram refuses getUpdates now. The service will name the webhook '
        + 'and exit.' };
    if (s.ready && s.mode === 'polling' && s.polling) return { name: 'polling', kind: '', badge: 'Live',
      words: 'All good: the service long-polls the Bot API, alone.'
        + (e.pending_faults ? ' Faults are queued: the next calls will fail.' : '') };
    if (s.ready && s.mode === 'webhook') return { name: 'live', kind: '', badge: 'Live',
      words: 'All good: the Bot API delivers updates to the service\'s webhook.' };
    if (s.mode === 'off') return { name: 'live', kind: '', badge: 'Live',
      words: 'bot.mode=off: the service takes no updates; the chat works, nothing answers.' };
    if (s.readiness && s.readiness.role === 'standby') return { name: 'standby', kind: '', badge: 'Live',
      words: 'A standby: another instance holds the lease and polls.' };
    return { name: 'starting', kind: 'warn', badge: 'Live',
      words: 'The service is not polling yet: starting, or waiting for the Bot API to agree with its mode.' };
  }
  function renderState() {
    const st = stateOf(state.snapshot, state.connected);
    const verdict = $('verdict');
    verdict.className = 'verdict ' + st.kind;
    verdict.dataset.state = st.name;
    verdict.replaceChildren(st.words);
    if (st.report) verdict.append(el('span', { class: 'exit-report', 'data-fact': 'exit-report', text: 'ERROR ' + firstLine(st.report) }));
    const badge = $('connection');
    badge.textContent = st.badge;
    badge.dataset.state = st.name;
    badge.className = 'connection ' + (st.name === 'disconnected' ? 'down'
      : st.name === 'exited' || st.name === 'stopping' ? 'exited' : st.name === 'connecting' ? '' : 'live');
  }
  function shown(value) { return value === undefined || value === null ? '—' : String(value); }
  function renderLab(snapshot) {
    const s = snapshot.service;
    const e = snapshot.emulator;
    renderState();

    const service = $('service');
    service.replaceChildren();
    if (s) {
      if (s.stopped) fact(service, 'Note', 'as last seen before the app stopped', 'stale');
      fact(service, 'Mode', shown(s.mode), 'mode');
      fact(service, 'Ready', s.ready ? 'yes (readiness UP)' : 'no (readiness DOWN)', 'ready');
      if (s.mode === 'polling') fact(service, 'Polling', s.polling ? 'running' : 'stopped', 'polling');
      fact(service, 'Conflict', s.conflict ? '409 × ' + s.conflict.answers + ' for ' + (s.conflict.ms / 1000).toFixed(1)
        + ' s of ' + s.conflict_budget_s + ' s' : 'none', 'conflict');
      fact(service, 'Outage', s.outage ? 'the Bot API fails; retrying' : 'none', 'outage');
      fact(service, 'Handled updates', shown(s.handled_updates), 'handled');
      fact(service, '409s seen', shown(s.total_conflicts), 'total-conflicts');
      if (s.readiness && s.readiness.role) fact(service, 'Lease role', s.readiness.role, 'role');
      if (s.exiting || s.stopped) fact(service, s.stopped ? 'Exited' : 'Exiting', s.exit_code != null
        ? 'with code ' + s.exit_code : 'yes', 'exiting');
      document.querySelectorAll('.budget').forEach((b) => { b.textContent = String(s.conflict_budget_s); });
    } else {
      fact(service, 'Service', 'not in this process');
    }
    const api = $('api');
    api.replaceChildren();
    fact(api, 'Pending updates', String(e.pending_update_count), 'pending');
    fact(api, 'Webhook', e.webhook.url ? e.webhook.url + (e.webhook_by_other_party ? ' (another deployment)' : '')
      : 'none', 'webhook');
    fact(api, 'Long poll waiting', e.long_poll_waiting ? 'yes' : 'no', 'long-poll');
    fact(api, '409 answers', String(e.conflicts), 'conflicts');
    fact(api, 'Other poller', e.other_poller ? 'polling with this token' : 'none', 'other-poller');
    fact(api, 'Faults queued', String(e.pending_faults), 'faults');
    fact(api, 'Token', e.token_revoked ? 'revoked' : 'valid', 'token');
    $('bot-name').textContent = '· bot id ' + e.bot_id;

    const rogue = $('rogue');
    rogue.setAttribute('aria-pressed', String(e.other_poller));
    rogue.textContent = e.other_poller ? 'Stop the other poller'
      : 'Start another poller with this token (left running, it ends the app after ' + (s ? s.conflict_budget_s : 70) + ' s)';
    $('webhook-delete').hidden = !e.webhook_by_other_party;
    $('webhook').disabled = !!e.webhook_by_other_party;
    $('revoke').disabled = !!e.token_revoked;

    const log = $('log');
    const fresh = snapshot.log.filter((l) => l.seq > state.lastLogSeq);
    if (fresh.length) {
      const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      fresh.forEach((l) => log.append(el('li', { class: l.level, 'data-level': l.level },
        time(l.at_ms) + ' ' + l.level + ' ' + l.message)));
      while (log.children.length > 200) log.firstChild.remove();
      state.lastLogSeq = fresh[fresh.length - 1].seq;
      if (atBottom) log.scrollTop = log.scrollHeight;
    }
    $('requests').replaceChildren(...snapshot.requests.slice().reverse().slice(0, 25).map((r) => el('li', {
      class: (r.status === 0 || r.status >= 400 ? 'failed ' : '') + (r.rogue ? 'rogue' : '') },
    time(r.at_ms) + ' ' + r.method + ' → ' + (r.status === 0 ? 'no answer' : r.status) + ' in ' + r.ms + ' ms'
      + (r.rogue ? ' (the other poller)' : ''))));
  }
  $('rogue').addEventListener('click', () => post('/emulator/rogue',
    { on: $('rogue').getAttribute('aria-pressed') !== 'true' }));
  $('webhook').addEventListener('click', () => post('/emulator/webhook',
    { url: 'https://old-deployment.example.com/telegram-webhook' }));
  $('webhook-delete').addEventListener('click', () => post('/emulator/webhook', { url: '' }));
  $('revoke').addEventListener('click', () => post('/emulator/revoke'));
  $('fault-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const [kind, status] = $('fault-kind').value.split(':');
    post('/emulator/faults', { method: $('fault-method').value, kind, status: Number(status) || 500,
      retry_after: 5, count: Number($('fault-count').value) || 1 });
  });
  $('faults-clear').addEventListener('click', () => post('/emulator/faults', undefined, 'DELETE'));

  // ------------------------------------------------------------------ callback answers as toasts
  function renderAnswers(snapshot) {
    const answers = snapshot.callback_answers;
    const max = answers.length ? answers[answers.length - 1].seq : -1;
    if (state.lastAnswerSeq === null || snapshot.calls_recorded <= state.lastAnswerSeq) {
      state.lastAnswerSeq = max; // the first snapshot, or the calls were cleared: no old toasts
      return;
    }
    answers.filter((a) => a.seq > state.lastAnswerSeq).forEach((a) => toast(a.text, a.show_alert));
    state.lastAnswerSeq = Math.max(state.lastAnswerSeq, max);
  }

  // ------------------------------------------------------------------ the live connection
  function connect() {
    if (state.source) state.source.close();
    const source = new EventSource('/emulator/events?chat_id=' + encodeURIComponent(state.chat.id));
    state.source = source;
    source.addEventListener('open', () => {
      state.connected = true;
      renderState();
    });
    source.addEventListener('error', () => {
      state.connected = false;
      renderState();
    });
    source.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse(event.data);
      if (snapshot.chat_id !== state.chat.id) return;
      state.snapshot = snapshot;
      state.connected = true;
      state.commands = snapshot.commands || [];
      renderMessages(snapshot.messages);
      renderLab(snapshot);
      renderAnswers(snapshot);
    });
  }

  // ------------------------------------------------------------------ theme
  function applyTheme(theme) {
    document.documentElement.dataset.theme = theme;
    $('theme').textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
    $('theme').setAttribute('aria-pressed', String(theme === 'dark'));
  }
  const stored = localStorage.getItem('emulator-theme');
  applyTheme(stored || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  $('theme').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('emulator-theme', next);
    applyTheme(next);
  });

  renderChats();
  connect();
})();
