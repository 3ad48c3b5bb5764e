/**
 * The scorm-again runtime: its browser bundle (read from the installed package) and the glue that
 * configures it for the player's commit URL, seeds resume data, and leaves the page after the finish.
 * scorm-again is a dependency: a maintained, spec-checked runtime beats one of our own.
 */
import { readFileSync } from 'node:fs';

let bundle: string | undefined;

/** The scorm-again browser bundle that defines `window.Scorm12API` and `window.Scorm2004API`. */
export function scormAgainBundle(): string {
  // The source map is not served, so the browser must not go looking for it.
  bundle ??= readFileSync(require.resolve('scorm-again/min'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  return bundle;
}

/**
 * Browser glue, served as runtime.js after the bundle. Plain ES2017, no backticks.
 * Commits go to the commit URL as a flattened CMI map; the terminate commit carries `?finish=true`,
 * which the player handler treats as the finish.
 *
 * With `config.activities` the course is played SCO by SCO: each SCO gets a fresh pair of runtime objects
 * seeded from its own stored data (`activities/<id>/data`) and committing to its own URL. Moving on
 * (Previous/Next, the table of contents, the SCO's nav request) unloads the SCO's frame first so it saves
 * itself, as Exit does. Navigation is flow order over the table of contents, not scorm-again's sequencer,
 * with the SCORM 2004 pre-condition rules the server evaluates (disabled, hiddenFromChoice, skip): each
 * commit's reply carries every SCO's rule state, so satisfying one SCO can enable the next at once. When a
 * SCO ends on its own, the server's exit and post-condition rules (`activities/<id>/ended`) come first.
 */
export const SCORM_AGAIN_GLUE_JS = String.raw`(function () {
'use strict';
var doc = document;
var el = doc.getElementById('scorm-player-config');
if (!el) return;
var config = JSON.parse(el.textContent || '{}');
var win = window;
var exiting = false;
var PER_SESSION = { 'cmi.core.session_time': 1, 'cmi.core.exit': 1, 'cmi.core.entry': 1, 'cmi.session_time': 1, 'cmi.exit': 1, 'cmi.entry': 1, 'adl.nav.request': 1, 'cmi.core.total_time': 1, 'cmi.total_time': 1 };
var perActivity = !!config.activities;
var scos = perActivity ? config.activities.filter(function (a) { return !!a.url; }) : [];
var is2004Course = config.standard === 'scorm2004';

function navigate() {
  if (exiting) return;
  exiting = true;
  var url = new URL(config.exitUrl, win.location.href).href;
  try { win.top.location.href = url; } catch (e) { win.location.href = url; }
}

function settings(commitUrl) {
  return {
    lmsCommitUrl: commitUrl,
    dataCommitFormat: 'flattened',
    useAsynchronousCommits: true,
    asyncModeBeaconBehavior: 'never',
    terminateCommitParam: 'finish',
    autocommit: false,
    fetchMode: 'same-origin',
    logLevel: 4,
    responseHandler: function (response) {
      return response.json().then(
        function (body) {
          if (body && body.activities) applyStates(body.activities);
          else if (body && body.activityId && body.status) markStatus(body.activityId, body.status);
          return { result: !!(response.ok && body && body.ok), errorCode: response.ok ? 0 : 101 };
        },
        function () { return { result: false, errorCode: 101 }; }
      );
    }
  };
}

function seedData(resume, is2004) {
  resume = resume || {};
  var data = {};
  var hasAny = false;
  for (var key in resume) {
    if (!Object.prototype.hasOwnProperty.call(resume, key) || PER_SESSION[key]) continue;
    if (!/^(cmi|adl)\./.test(key) || /\._(count|children|version)$/.test(key)) continue;
    data[key] = String(resume[key]);
    hasAny = true;
  }
  // A SCO left with exit = suspend (or with suspend data) resumes; one never opened starts ab initio.
  var suspended = resume['cmi.core.exit'] === 'suspend' || resume['cmi.exit'] === 'suspend' || !!resume['cmi.suspend_data'];
  var entry = suspended ? 'resume' : hasAny ? '' : 'ab-initio';
  if (is2004) {
    data['cmi.learner_id'] = config.learnerId || '';
    data['cmi.learner_name'] = config.learnerName || '';
    data['cmi.entry'] = entry;
    data['cmi.credit'] = 'credit';
    data['cmi.mode'] = 'normal';
    if (resume['cmi.total_time']) data['cmi.total_time'] = resume['cmi.total_time'];
  } else {
    data['cmi.core.student_id'] = config.learnerId || '';
    data['cmi.core.student_name'] = config.learnerName || '';
    data['cmi.core.entry'] = entry;
    data['cmi.core.credit'] = 'credit';
    data['cmi.core.lesson_mode'] = 'normal';
    if (resume['cmi.core.total_time']) data['cmi.core.total_time'] = resume['cmi.core.total_time'];
  }
  return data;
}

// The runtime objects of the SCO on show: { api12, api2004, index, dismissed, nav }.
var pair = null;

function create(Ctor, is2004, commitUrl, resume, owner) {
  var api = new Ctor(settings(commitUrl));
  var seed = seedData(resume, is2004);
  // Which flow requests the player can honour from here, for SCOs that show their own Previous/Continue.
  if (is2004 && perActivity) {
    seed['adl.nav.request_valid.continue'] = flowTarget(owner.index, 1) >= 0 ? 'true' : 'false';
    seed['adl.nav.request_valid.previous'] = flowTarget(owner.index, -1) >= 0 ? 'true' : 'false';
  }
  try { api.loadFromFlattenedJSON(seed, ''); } catch (e) { win.console.warn('[scorm player] resume data not loaded: ' + e); }
  if (is2004) api.on('SetValue.adl.nav.request', function (element, value) { owner.nav = String(value); });
  api.on(is2004 ? 'Terminate' : 'LMSFinish', function () {
    // Act once the final commit has landed (or failed: the exit route then saves what the server has).
    win.setTimeout(function () {
      api.whenCommitsSettled({ timeoutMs: 5000 }).then(function () { scoFinished(owner); }, function () { scoFinished(owner); });
    }, 0);
  });
  return api;
}

function makePair(commitUrl, resume, index) {
  var owner = { index: index, dismissed: false, nav: '' };
  owner.api12 = create(win.Scorm12API, false, commitUrl, resume, owner);
  owner.api2004 = create(win.Scorm2004API, true, commitUrl, resume, owner);
  win.API = owner.api12;
  win.API_1484_11 = owner.api2004;
  win.ScormPlayer.api12 = owner.api12;
  win.ScormPlayer.api2004 = owner.api2004;
  pair = owner;
  return owner;
}

function running() {
  if (!pair) return null;
  if (pair.api2004.isInitialized() && !pair.api2004.isTerminated()) return { api: pair.api2004, finish: 'Terminate' };
  if (pair.api12.isInitialized() && !pair.api12.isTerminated()) return { api: pair.api12, finish: 'LMSFinish' };
  return null;
}

var leaving = false;
var switching = false;

function settled() {
  if (!pair) return Promise.resolve();
  var apis = [pair.api12, pair.api2004];
  var all = [];
  for (var i = 0; i < apis.length; i++) all.push(apis[i].whenCommitsSettled({ timeoutMs: 5000 }));
  return Promise.all(all);
}

function frame() { return doc.getElementById('scorm-player-content'); }

function notice(text) {
  var box = doc.getElementById('scorm-player-notice');
  var f = frame();
  if (!box) return;
  box.textContent = text || '';
  box.style.display = text ? 'block' : 'none';
  if (f) f.style.display = text ? 'none' : '';
}

// SCOs save on unload (LMSSetValue/LMSCommit/LMSFinish or SetValue/Commit/Terminate in their unload or
// beforeunload handlers), so the player unloads the SCO's frame first: terminating first would make those
// last calls fail (errors 133 and 113) and lose the final status, score, location and session time. A SCO
// that did not terminate itself is then terminated with what it had set.
function unloadSco(then) {
  if (pair) pair.dismissed = true;
  var f = frame();
  var done = false;
  function once() {
    if (done) return;
    done = true;
    var r = running();
    if (r) {
      try { r.api[r.finish](''); } catch (e) { win.console.warn('[scorm player] ' + r.finish + ' failed: ' + e); }
    }
    settled().then(then, then);
  }
  if (!f || !f.getAttribute('src') || f.getAttribute('src') === 'about:blank') { once(); return; }
  // The frame's unload handlers have run when about:blank has loaded in it.
  f.addEventListener('load', once);
  // A SCO that keeps its frame (a beforeunload prompt, a hanging handler) must not keep the learner in place.
  win.setTimeout(once, 3000);
  try { f.setAttribute('src', 'about:blank'); } catch (e) { once(); }
}

function exit() {
  if (leaving || exiting) return;
  leaving = true;
  unloadSco(navigate);
}

// The manifest's control modes as far as they are passed on: a SCO whose parent turns flow off is not
// reached or left by previous/next; forwardOnly forbids going back; choice off keeps it out of reach of
// the contents and of choice requests.
function canFlow(from, to) {
  if (from < 0 || to < 0 || to >= scos.length) return false;
  if (scos[from].flow === false || scos[to].flow === false) return false;
  if (to < from && (scos[from].forwardOnly || scos[to].forwardOnly)) return false;
  return true;
}

function canChoose(index) {
  if (index < 0 || scos[index].choice === false || scos[index].disabled || scos[index].hiddenFromChoice) return false;
  // A choice forward may not pass a SCO whose stopForwardTraversal rule holds (from the current one on).
  var from = pair ? pair.index : -1;
  for (var i = Math.max(from, 0); from >= 0 && i < index; i++) if (scos[i].stopForwardTraversal) return false;
  return true;
}

// Where flow from a SCO lands: the next (dir 1) or previous (-1) SCO, passing over those a skip rule
// skips; -1 when flow may not go there or the rules disable the SCO it lands on.
function flowTarget(from, dir) {
  var to = from + dir;
  while (to >= 0 && to < scos.length && scos[to].skip && canFlow(from, to)) to += dir;
  if (!canFlow(from, to) || scos[to].disabled) return -1;
  return to;
}

// Every SCO's state after a commit: its mark and the sequencing rules that hold for it now.
function applyStates(list) {
  for (var i = 0; i < list.length; i++) {
    var index = indexOfActivity(list[i].id);
    if (index < 0) continue;
    var sco = scos[index];
    sco.disabled = !!list[i].disabled;
    sco.hiddenFromChoice = !!list[i].hiddenFromChoice;
    sco.skip = !!list[i].skip;
    sco.stopForwardTraversal = !!list[i].stopForwardTraversal;
    if (list[i].status) markStatus(sco.id, list[i].status);
    var items = doc.querySelectorAll('.scorm-player-toc-item');
    for (var j = 0; j < items.length; j++) {
      if (items[j].getAttribute('data-activity-id') !== sco.id) continue;
      items[j].disabled = !canChoose(index);
      items[j].hidden = sco.hiddenFromChoice;
      if (sco.disabled) items[j].setAttribute('data-rule', 'disabled'); else items[j].removeAttribute('data-rule');
    }
  }
  updateNav();
}

// The contents' mark of a SCO, from the state the server keeps after each of its commits.
function markStatus(id, status) {
  var items = doc.querySelectorAll('.scorm-player-toc-item');
  for (var i = 0; i < items.length; i++) if (items[i].getAttribute('data-activity-id') === id) items[i].setAttribute('data-status', status);
}

function indexOfActivity(id) {
  for (var i = 0; i < scos.length; i++) if (scos[i].id === id) return i;
  return -1;
}

function updateNav() {
  var current = pair ? pair.index : -1;
  var items = doc.querySelectorAll('.scorm-player-toc-item');
  for (var i = 0; i < items.length; i++) {
    var here = current >= 0 && items[i].getAttribute('data-activity-id') === scos[current].id;
    if (here) items[i].setAttribute('aria-current', 'true'); else items[i].removeAttribute('aria-current');
    // What may be chosen depends on where the learner is (stopForwardTraversal), so it follows each move.
    if (current >= 0) items[i].disabled = !canChoose(indexOfActivity(items[i].getAttribute('data-activity-id')));
  }
  var prev = doc.getElementById('scorm-player-previous');
  var next = doc.getElementById('scorm-player-next');
  if (prev) prev.disabled = switching || flowTarget(current, -1) < 0;
  if (next) next.disabled = switching || flowTarget(current, 1) < 0;
}

function openSco(index, request) {
  var sco = scos[index];
  var id = encodeURIComponent(sco.id);
  return win.fetch(config.activityBase + id + '/data?request=' + (request || 'start'), { credentials: 'same-origin', cache: 'no-store' })
    .then(function (res) {
      // 403: the course's sequencing rules refuse it now; the reply says why.
      if (res.status === 403) return res.json().then(function (body) { throw new Error(body.error || 'not available'); });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    })
    .then(function (body) {
      // The learner left while the data was on its way: nothing more opens.
      if (leaving || exiting) return;
      makePair(config.activityBase + id + '/commit', body.resumeData || {}, index);
      notice('');
      frame().setAttribute('src', sco.url);
      doc.body.setAttribute('data-activity-id', sco.id);
    });
}

// Moves to the SCO at index: the one on show saves and finishes first, then the next opens with its own data.
function go(index, request) {
  if (leaving || exiting || switching || index < 0 || index >= scos.length) return;
  switching = true;
  updateNav();
  unloadSco(function () {
    openSco(index, request).then(
      function () { switching = false; updateNav(); },
      function (e) { switching = false; notice('This lesson could not be opened (' + e.message + ').'); updateNav(); }
    );
  });
}

function targetOf(request) {
  var m = /^\{target=([^}]*)\}(choice|jump)$/.exec(request);
  return m ? m[1] : null;
}

// The SCO finished on its own (LMSFinish/Terminate). In a SCORM 2004 course the server first runs the
// course's exit and post-condition rules, which may retry, continue, go back or leave whatever the SCO
// asked; otherwise its nav request says where to go. Without one a SCORM 1.2 course continues to the next
// SCO and a 2004 course waits for the learner (as SCORM Cloud's player); after the last SCO, and in a
// course of one SCO, the player leaves.
function scoFinished(owner) {
  if (owner.dismissed || leaving || exiting) return;
  if (!perActivity) { navigate(); return; }
  owner.dismissed = true;
  if (!is2004Course) { afterRules(owner, null); return; }
  win.fetch(config.activityBase + encodeURIComponent(scos[owner.index].id) + '/ended', { method: 'POST', credentials: 'same-origin', cache: 'no-store' })
    .then(function (res) { return res.ok ? res.json() : null; })
    .then(
      function (body) {
        if (body && body.activities) applyStates(body.activities);
        afterRules(owner, body && body.after);
      },
      function () { afterRules(owner, null); }
    );
}

function afterRules(owner, after) {
  if (leaving || exiting) return;
  var request = owner.nav || '';
  var first = after ? indexOfActivity(after.firstSco) : owner.index;
  var last = after ? indexOfActivity(after.lastSco) : owner.index;
  if (first < 0) first = owner.index;
  if (last < 0) last = owner.index;
  if (after && after.refused) { waitForLearner(after.refused); return; }
  if (after && after.request === 'exitAll') { exit(); return; }
  if (after && after.request === 'retry') { go(first, 'flow'); return; }
  if (after && after.request) request = after.request;
  var target = targetOf(request);
  if (target !== null) {
    var i = indexOfActivity(target);
    if (canChoose(i)) go(i, 'choice'); else waitForLearner();
    return;
  }
  var isLast = last >= scos.length - 1;
  var forward = flowTarget(last, 1);
  var back = flowTarget(first, -1);
  if (request === 'continue') { if (isLast) exit(); else if (forward >= 0) go(forward, 'flow'); else waitForLearner(); return; }
  if (request === 'previous') { if (back >= 0) go(back, 'flow'); else waitForLearner(); return; }
  if (request === 'exitAll' || request === 'suspendAll' || request === 'abandonAll') { exit(); return; }
  if (scos.length <= 1) { exit(); return; }
  if (!is2004Course && request === '') { if (isLast) exit(); else go(last + 1, 'flow'); return; }
  waitForLearner();
}

function waitForLearner(why) {
  var text = 'This lesson has ended. Choose the next one from the contents, or Previous / Next.';
  unloadSco(function () { notice(why ? why + ' ' + text : text); });
}

function state() {
  var initialized = false;
  var finished = false;
  if (pair) {
    var apis = [pair.api12, pair.api2004];
    for (var i = 0; i < apis.length; i++) {
      if (apis[i].isInitialized() || apis[i].isTerminated()) initialized = true;
      if (apis[i].isTerminated()) finished = true;
    }
  }
  return { initialized: initialized, finished: finished, activityId: pair && perActivity ? scos[pair.index].id : null, switching: switching };
}

win.ScormPlayer = { exit: exit, state: state, runtime: 'scorm-again', go: function (id) { go(indexOfActivity(id), 'choice'); } };
if (!perActivity) makePair(config.commitUrl, config.resumeData, 0);

win.addEventListener('pagehide', function () {
  if (exiting) return;
  // Also mid-Exit; commits already sent are keepalive fetches and outlive the page.
  var r = running();
  if (!r) {
    // No SCO running (it finished, or none opened yet): the launch still has to be closed.
    if (perActivity && pair && !leaving && win.navigator.sendBeacon) {
      exiting = true;
      win.navigator.sendBeacon(config.activityBase + encodeURIComponent(scos[pair.index].id) + '/commit?close=true', '{}');
    }
    return;
  }
  // The page is going away without a finish: the final save has to travel as a beacon, and when played
  // SCO by SCO it also closes the launch.
  exiting = true;
  r.api.settings.asyncModeBeaconBehavior = 'always';
  if (perActivity) r.api.settings.lmsCommitUrl = r.api.settings.lmsCommitUrl + '?close=true';
  r.api[r.finish]('');
});

function wire() {
  var button = doc.getElementById('scorm-player-exit');
  if (button) button.addEventListener('click', function () { button.disabled = true; exit(); });
  if (!perActivity) return;
  var prev = doc.getElementById('scorm-player-previous');
  var next = doc.getElementById('scorm-player-next');
  if (prev) prev.addEventListener('click', function () { var t = pair ? flowTarget(pair.index, -1) : -1; if (t >= 0) go(t, 'flow'); });
  if (next) next.addEventListener('click', function () { var t = pair ? flowTarget(pair.index, 1) : -1; if (t >= 0) go(t, 'flow'); });
  var items = doc.querySelectorAll('.scorm-player-toc-item');
  for (var i = 0; i < items.length; i++) {
    items[i].addEventListener('click', function (event) {
      var index = indexOfActivity(event.currentTarget.getAttribute('data-activity-id'));
      if (canChoose(index)) go(index, 'choice');
    });
  }
  var start = indexOfActivity(config.startActivityId);
  switching = true;
  updateNav();
  openSco(start < 0 ? 0 : start, 'start').then(
    function () { switching = false; updateNav(); },
    function (e) { switching = false; notice('The course could not be opened (' + e.message + ').'); updateNav(); }
  );
}
if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', wire); else wire();
})();
`;
