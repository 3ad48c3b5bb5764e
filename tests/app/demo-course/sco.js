/*
 * The demo SCO. It finds the SCORM 2004 runtime the way the standard describes (the API_1484_11 object of
 * a parent frame, or of the window that opened the player), initializes it at once and reports what the
 * learner picks: a real SCO does no more than this, only with more pages in between.
 */
(function () {
  'use strict';

  var started = Date.now();
  var api = null;
  var finished = false;

  var $ = function (id) {
    return document.getElementById(id);
  };

  // ADL's discovery algorithm: up the frames, with a bound against frames that are their own parent.
  function findIn(win) {
    for (var hops = 0; win && hops < 500; hops++) {
      try {
        if (win.API_1484_11) return win.API_1484_11;
      } catch (e) {
        // A frame of another origin: its properties are out of reach, keep climbing.
      }
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }

  function discover() {
    var found = findIn(window);
    if (found) return found;
    try {
      return window.top && window.top.opener ? findIn(window.top.opener) : null;
    } catch (e) {
      return null;
    }
  }

  // What the runtime said about its last refused call, in its own words.
  function lastError() {
    var code = api.GetLastError();
    return 'error ' + code + ': ' + api.GetErrorString(code) + (api.GetDiagnostic(code) ? ' (' + api.GetDiagnostic(code) + ')' : '');
  }

  var refused = [];
  function set(element, value) {
    if (api.SetValue(element, value) !== 'true') refused.push(element + ' = ' + value + ', ' + lastError());
  }

  // cmi.session_time is an ISO 8601 duration (PT1H2M3S).
  function sessionTime() {
    var seconds = Math.max(0, Math.round((Date.now() - started) / 1000));
    return 'PT' + Math.floor(seconds / 3600) + 'H' + Math.floor((seconds % 3600) / 60) + 'M' + (seconds % 60) + 'S';
  }

  function show(id, text, isError) {
    var element = $(id);
    element.textContent = text;
    element.hidden = false;
    element.className = isError ? 'error' : '';
  }

  function setButtons(enabled) {
    ['pass', 'fail', 'later'].forEach(function (id) {
      $(id).disabled = !enabled;
    });
  }

  /** Writes the outcome, commits it and ends the session; after Terminate the runtime is not used again. */
  function finish(outcome) {
    if (!api || finished) return;
    finished = true;
    setButtons(false);
    if (outcome.score !== undefined) {
      set('cmi.score.min', '0');
      set('cmi.score.max', '100');
      set('cmi.score.raw', String(outcome.score));
      set('cmi.score.scaled', String(outcome.score / 100));
    }
    set('cmi.completion_status', outcome.completion);
    if (outcome.success) set('cmi.success_status', outcome.success);
    set('cmi.session_time', sessionTime());
    set('cmi.exit', outcome.exit);
    var committed = api.Commit('') === 'true';
    var commitError = committed ? '' : lastError();
    show(
      'result',
      refused.length || !committed
        ? 'The runtime refused part of the result: ' + refused.concat(committed ? [] : ['Commit, ' + commitError]).join('; ')
        : outcome.summary + ' Ending the session…',
      refused.length > 0 || !committed,
    );
    if (api.Terminate('') !== 'true') show('result', 'Terminate was refused, ' + lastError(), true);
  }

  api = discover();
  if (!api) {
    show('status', 'No SCORM 2004 runtime (API_1484_11) was found: open this course from the LMS, not on its own.', true);
    return;
  }
  if (api.Initialize('') !== 'true') {
    show('status', 'The runtime refused to start the session, ' + lastError(), true);
    api = null;
    return;
  }
  // cmi.learner_name is "Last, First"; an LMS that knows one part only leaves a stray comma.
  var learner = api.GetValue('cmi.learner_name').replace(/^[\s,]+|[\s,]+$/g, '');
  var resumed = api.GetValue('cmi.entry') === 'resume';
  show('status', (resumed ? 'Welcome back' : 'Hello') + (learner ? ', ' + learner : '') + '. The SCORM 2004 runtime is connected.', false);
  var status = api.GetValue('cmi.completion_status');
  if (status === 'not attempted' || status === 'unknown' || status === '') set('cmi.completion_status', 'incomplete');
  setButtons(true);

  $('pass').addEventListener('click', function () {
    finish({ score: 90, completion: 'completed', success: 'passed', exit: 'normal', summary: 'Reported: 90%, completed, passed.' });
  });
  $('fail').addEventListener('click', function () {
    finish({ score: 40, completion: 'completed', success: 'failed', exit: 'normal', summary: 'Reported: 40%, completed, failed.' });
  });
  $('later').addEventListener('click', function () {
    finish({ completion: 'incomplete', exit: 'suspend', summary: 'Saved as incomplete: the next launch resumes.' });
  });
  // Closing the window without a button keeps the attempt open, as "Leave for now" does.
  window.addEventListener('pagehide', function () {
    finish({ completion: 'incomplete', exit: 'suspend', summary: '' });
  });
})();
