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

function navigate() {
  if (exiting) return;
  exiting = true;
  var url = new URL(config.exitUrl, win.location.href).href;
  try { win.top.location.href = url; } catch (e) { win.location.href = url; }
}

function settings() {
  return {
    lmsCommitUrl: config.commitUrl,
    dataCommitFormat: 'flattened',
    useAsynchronousCommits: true,
    asyncModeBeaconBehavior: 'never',
    terminateCommitParam: 'finish',
    autocommit: false,
    fetchMode: 'same-origin',
    logLevel: 4,
    responseHandler: function (response) {
      return response.json().then(
        function (body) { return { result: !!(response.ok && body && body.ok), errorCode: response.ok ? 0 : 101 }; },
        function () { return { result: false, errorCode: 101 }; }
      );
    }
  };
}

function seedData(is2004) {
  var resume = config.resumeData || {};
  var data = {};
  var hasAny = false;
  for (var key in resume) {
    if (!Object.prototype.hasOwnProperty.call(resume, key) || PER_SESSION[key]) continue;
    if (!/^(cmi|adl)\./.test(key) || /\._(count|children|version)$/.test(key)) continue;
    data[key] = String(resume[key]);
    hasAny = true;
  }
  var entry = resume['cmi.suspend_data'] ? 'resume' : hasAny ? '' : 'ab-initio';
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

function create(Ctor, is2004) {
  var api = new Ctor(settings());
  try { api.loadFromFlattenedJSON(seedData(is2004), ''); } catch (e) { win.console.warn('[scorm player] resume data not loaded: ' + e); }
  api.on(is2004 ? 'Terminate' : 'LMSFinish', function () {
    // Leave once the final commit has landed (or failed: the exit route then saves what the server has).
    win.setTimeout(function () {
      api.whenCommitsSettled({ timeoutMs: 5000 }).then(navigate, navigate);
    }, 0);
  });
  return api;
}

var api12 = create(win.Scorm12API, false);
var api2004 = create(win.Scorm2004API, true);
win.API = api12;
win.API_1484_11 = api2004;

function running() {
  if (api2004.isInitialized() && !api2004.isTerminated()) return { api: api2004, finish: 'Terminate' };
  if (api12.isInitialized() && !api12.isTerminated()) return { api: api12, finish: 'LMSFinish' };
  return null;
}

var leaving = false;

function bothSettled() {
  var apis = [api12, api2004];
  var settled = [];
  for (var i = 0; i < apis.length; i++) settled.push(apis[i].whenCommitsSettled({ timeoutMs: 5000 }));
  return Promise.all(settled);
}

// Once the SCO's frame is gone: a SCO that did not terminate itself in its unload handler is terminated
// with what it had set, then the player leaves once every commit landed (or failed: the exit route then
// saves what the server has). Leaving waits on the commits, not on the finish listener, so a finish that
// fails still leaves.
function afterScoUnloaded() {
  var r = running();
  if (r) {
    try { r.api[r.finish](''); } catch (e) { win.console.warn('[scorm player] ' + r.finish + ' failed: ' + e); }
  }
  bothSettled().then(navigate, navigate);
}

// SCOs save on unload (LMSSetValue/LMSCommit/LMSFinish or SetValue/Commit/Terminate in their unload or
// beforeunload handlers), so Exit unloads the SCO's frame first: terminating first would make those last
// calls fail (errors 133 and 113) and lose the final status, score, location and session time.
function exit() {
  if (leaving || exiting) return;
  leaving = true;
  var frame = doc.getElementById('scorm-player-content');
  if (!frame) { afterScoUnloaded(); return; }
  var done = false;
  function once() {
    if (done) return;
    done = true;
    afterScoUnloaded();
  }
  // The frame's unload handlers have run when about:blank has loaded in it.
  frame.addEventListener('load', once);
  // A SCO that keeps its frame (a beforeunload prompt, a hanging handler) must not keep the learner in the player.
  win.setTimeout(once, 3000);
  try { frame.setAttribute('src', 'about:blank'); } catch (e) { once(); }
}

function state() {
  var apis = [api12, api2004];
  var initialized = false;
  var finished = false;
  for (var i = 0; i < apis.length; i++) {
    if (apis[i].isInitialized() || apis[i].isTerminated()) initialized = true;
    if (apis[i].isTerminated()) finished = true;
  }
  return { initialized: initialized, finished: finished };
}

win.ScormPlayer = { exit: exit, state: state, runtime: 'scorm-again', api12: api12, api2004: api2004 };
win.addEventListener('pagehide', function () {
  if (exiting) return;
  // Also mid-Exit; commits already sent are keepalive fetches and outlive the page.
  var r = running();
  if (!r) return;
  // The page is going away without a finish: the final save has to travel as a beacon.
  exiting = true;
  r.api.settings.asyncModeBeaconBehavior = 'always';
  r.api[r.finish]('');
});
function wireExitButton() {
  var button = doc.getElementById('scorm-player-exit');
  if (button) button.addEventListener('click', function () { button.disabled = true; exit(); });
}
if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', wireExitButton); else wireExitButton();
})();
`;
