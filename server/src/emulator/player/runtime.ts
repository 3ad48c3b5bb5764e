/**
 * The SCORM runtime served as `/_player/<launchId>/runtime.js`. It is browser code kept as a string so that
 * the server build ships it without a bundler step; it is plain ES2017 and must not contain backticks.
 *
 * It reads its configuration from the `#scorm-player-config` JSON element of the player page, exposes
 * `window.API` (SCORM 1.2) and `window.API_1484_11` (SCORM 2004) for the SCO in the iframe, validates
 * element names and values against the data models, and posts the full flat CMI map to the player's
 * commit and finish URLs (and a final save through `navigator.sendBeacon` when the page goes away).
 */
export const RUNTIME_JS = String.raw`(function () {
'use strict';

var TRUE = 'true';
var FALSE = 'false';

// ---- value checks: each returns null, 'type' or 'range' ----------------------------------------------
var RE_DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;
var RE_TIMESPAN12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
var RE_TIME12 = /^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$/;
var RE_IDENTIFIER12 = /^[\u0021-\u007e]{1,255}$/;
var RE_INTERVAL = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
var RE_TIMESTAMP = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/;

function any(max) { return function (v) { return v.length > max ? 'type' : null; }; }
function vocab(words) { return function (v) { return words.indexOf(v) >= 0 ? null : 'type'; }; }
function decimal(min, max) {
  return function (v) {
    if (!RE_DECIMAL.test(v)) return 'type';
    var n = parseFloat(v);
    if ((min !== null && n < min) || (max !== null && n > max)) return 'range';
    return null;
  };
}
function orEmpty(check) { return function (v) { return v === '' ? null : check(v); }; }
function integer(min, max) {
  return function (v) {
    if (!/^-?\d+$/.test(v)) return 'type';
    var n = parseInt(v, 10);
    return n < min || n > max ? 'range' : null;
  };
}
function regex(re) { return function (v) { return re.test(v) ? null : 'type'; }; }
function either(a, b) { return function (v) { return a(v) === null || b(v) === null ? null : 'type'; }; }
function uri(max) { return function (v) { return v.length === 0 || v.length > max || /\s/.test(v) ? 'type' : null; }; }
function localized(max) {
  return function (v) {
    var m = /^\{lang=([^}]*)\}/.exec(v);
    var text = m ? v.slice(m[0].length) : v;
    return text.length > max ? 'type' : null;
  };
}

// ---- data models -------------------------------------------------------------------------------------
// Element names are matched with their numeric segments replaced by "n". Access: r, w or rw.
var SCORM12 = {
  version: '3.4',
  children: {
    'cmi.core': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
    'cmi.core.score': 'raw,min,max',
    'cmi.objectives': 'id,score,status',
    'cmi.objectives.n.score': 'raw,min,max',
    'cmi.student_data': 'mastery_score,max_time_allowed,time_limit_action',
    'cmi.student_preference': 'audio,language,speed,text',
    'cmi.interactions': 'id,objectives,time,type,correct_responses,weighting,student_response,result,latency'
  },
  collections: ['cmi.objectives', 'cmi.interactions', 'cmi.interactions.n.objectives', 'cmi.interactions.n.correct_responses'],
  elements: {
    'cmi.core.student_id': { a: 'r' },
    'cmi.core.student_name': { a: 'r' },
    'cmi.core.lesson_location': { a: 'rw', v: any(255) },
    'cmi.core.credit': { a: 'r' },
    'cmi.core.lesson_status': { a: 'rw', v: vocab(['passed', 'completed', 'failed', 'incomplete', 'browsed']) },
    'cmi.core.entry': { a: 'r' },
    'cmi.core.score.raw': { a: 'rw', v: orEmpty(decimal(0, 100)) },
    'cmi.core.score.min': { a: 'rw', v: orEmpty(decimal(0, 100)) },
    'cmi.core.score.max': { a: 'rw', v: orEmpty(decimal(0, 100)) },
    'cmi.core.total_time': { a: 'r' },
    'cmi.core.lesson_mode': { a: 'r' },
    'cmi.core.exit': { a: 'w', v: vocab(['time-out', 'suspend', 'logout', '']) },
    'cmi.core.session_time': { a: 'w', v: regex(RE_TIMESPAN12) },
    'cmi.suspend_data': { a: 'rw', v: any(4096) },
    'cmi.launch_data': { a: 'r' },
    'cmi.comments': { a: 'rw', v: any(4096) },
    'cmi.comments_from_lms': { a: 'r' },
    'cmi.objectives.n.id': { a: 'rw', v: regex(RE_IDENTIFIER12) },
    'cmi.objectives.n.score.raw': { a: 'rw', v: orEmpty(decimal(0, 100)) },
    'cmi.objectives.n.score.min': { a: 'rw', v: orEmpty(decimal(0, 100)) },
    'cmi.objectives.n.score.max': { a: 'rw', v: orEmpty(decimal(0, 100)) },
    'cmi.objectives.n.status': { a: 'rw', v: vocab(['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted']) },
    'cmi.student_data.mastery_score': { a: 'r' },
    'cmi.student_data.max_time_allowed': { a: 'r' },
    'cmi.student_data.time_limit_action': { a: 'r' },
    'cmi.student_preference.audio': { a: 'rw', v: integer(-1, 100) },
    'cmi.student_preference.language': { a: 'rw', v: any(255) },
    'cmi.student_preference.speed': { a: 'rw', v: integer(-100, 100) },
    'cmi.student_preference.text': { a: 'rw', v: integer(-1, 1) },
    'cmi.interactions.n.id': { a: 'w', v: regex(RE_IDENTIFIER12) },
    'cmi.interactions.n.objectives.n.id': { a: 'w', v: regex(RE_IDENTIFIER12) },
    'cmi.interactions.n.time': { a: 'w', v: regex(RE_TIME12) },
    'cmi.interactions.n.type': { a: 'w', v: vocab(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric']) },
    'cmi.interactions.n.correct_responses.n.pattern': { a: 'w', v: any(255) },
    'cmi.interactions.n.weighting': { a: 'w', v: decimal(null, null) },
    'cmi.interactions.n.student_response': { a: 'w', v: any(255) },
    'cmi.interactions.n.result': { a: 'w', v: either(vocab(['correct', 'wrong', 'unanticipated', 'neutral']), decimal(null, null)) },
    'cmi.interactions.n.latency': { a: 'w', v: regex(RE_TIMESPAN12) }
  }
};

var COMPLETION = ['completed', 'incomplete', 'not attempted', 'unknown'];
var SUCCESS = ['passed', 'failed', 'unknown'];
var SCORM2004 = {
  version: '1.0',
  children: {
    'cmi.comments_from_learner': 'comment,location,timestamp',
    'cmi.comments_from_lms': 'comment,location,timestamp',
    'cmi.interactions': 'id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description',
    'cmi.learner_preference': 'audio_level,language,delivery_speed,audio_captioning',
    'cmi.objectives': 'id,score,success_status,completion_status,progress_measure,description',
    'cmi.objectives.n.score': 'scaled,raw,min,max',
    'cmi.score': 'scaled,raw,min,max'
  },
  collections: ['cmi.comments_from_learner', 'cmi.comments_from_lms', 'cmi.interactions', 'cmi.interactions.n.objectives', 'cmi.interactions.n.correct_responses', 'cmi.objectives'],
  elements: {
    'cmi.comments_from_learner.n.comment': { a: 'rw', v: localized(4000) },
    'cmi.comments_from_learner.n.location': { a: 'rw', v: any(250) },
    'cmi.comments_from_learner.n.timestamp': { a: 'rw', v: regex(RE_TIMESTAMP) },
    'cmi.comments_from_lms.n.comment': { a: 'r' },
    'cmi.comments_from_lms.n.location': { a: 'r' },
    'cmi.comments_from_lms.n.timestamp': { a: 'r' },
    'cmi.completion_status': { a: 'rw', v: vocab(COMPLETION) },
    'cmi.completion_threshold': { a: 'r' },
    'cmi.credit': { a: 'r' },
    'cmi.entry': { a: 'r' },
    'cmi.exit': { a: 'w', v: vocab(['time-out', 'suspend', 'logout', 'normal', '']) },
    'cmi.interactions.n.id': { a: 'rw', v: uri(4000) },
    'cmi.interactions.n.type': { a: 'rw', v: vocab(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']), dep: 'id' },
    'cmi.interactions.n.objectives.n.id': { a: 'rw', v: uri(4000), dep: 'id' },
    'cmi.interactions.n.timestamp': { a: 'rw', v: regex(RE_TIMESTAMP), dep: 'id' },
    'cmi.interactions.n.correct_responses.n.pattern': { a: 'rw', v: any(8000), dep: 'type' },
    'cmi.interactions.n.weighting': { a: 'rw', v: decimal(null, null), dep: 'id' },
    'cmi.interactions.n.learner_response': { a: 'rw', v: any(8000), dep: 'type' },
    'cmi.interactions.n.result': { a: 'rw', v: either(vocab(['correct', 'incorrect', 'unanticipated', 'neutral']), decimal(null, null)), dep: 'id' },
    'cmi.interactions.n.latency': { a: 'rw', v: regex(RE_INTERVAL), dep: 'id' },
    'cmi.interactions.n.description': { a: 'rw', v: localized(250), dep: 'id' },
    'cmi.launch_data': { a: 'r' },
    'cmi.learner_id': { a: 'r' },
    'cmi.learner_name': { a: 'r' },
    'cmi.learner_preference.audio_level': { a: 'rw', v: decimal(0, null) },
    'cmi.learner_preference.language': { a: 'rw', v: any(250) },
    'cmi.learner_preference.delivery_speed': { a: 'rw', v: decimal(0, null) },
    'cmi.learner_preference.audio_captioning': { a: 'rw', v: vocab(['-1', '0', '1']) },
    'cmi.location': { a: 'rw', v: any(1000) },
    'cmi.max_time_allowed': { a: 'r' },
    'cmi.mode': { a: 'r' },
    'cmi.objectives.n.id': { a: 'rw', v: uri(4000) },
    'cmi.objectives.n.score.scaled': { a: 'rw', v: decimal(-1, 1), dep: 'id' },
    'cmi.objectives.n.score.raw': { a: 'rw', v: decimal(null, null), dep: 'id' },
    'cmi.objectives.n.score.min': { a: 'rw', v: decimal(null, null), dep: 'id' },
    'cmi.objectives.n.score.max': { a: 'rw', v: decimal(null, null), dep: 'id' },
    'cmi.objectives.n.success_status': { a: 'rw', v: vocab(SUCCESS), dep: 'id' },
    'cmi.objectives.n.completion_status': { a: 'rw', v: vocab(COMPLETION), dep: 'id' },
    'cmi.objectives.n.progress_measure': { a: 'rw', v: decimal(0, 1), dep: 'id' },
    'cmi.objectives.n.description': { a: 'rw', v: localized(250), dep: 'id' },
    'cmi.progress_measure': { a: 'rw', v: decimal(0, 1) },
    'cmi.scaled_passing_score': { a: 'r' },
    'cmi.score.scaled': { a: 'rw', v: decimal(-1, 1) },
    'cmi.score.raw': { a: 'rw', v: decimal(null, null) },
    'cmi.score.min': { a: 'rw', v: decimal(null, null) },
    'cmi.score.max': { a: 'rw', v: decimal(null, null) },
    'cmi.session_time': { a: 'w', v: regex(RE_INTERVAL) },
    'cmi.success_status': { a: 'rw', v: vocab(SUCCESS) },
    'cmi.suspend_data': { a: 'rw', v: any(64000) },
    'cmi.time_limit_action': { a: 'r' },
    'cmi.total_time': { a: 'r' },
    'adl.nav.request': { a: 'rw', v: either(vocab(['continue', 'previous', 'exit', 'exitAll', 'abandon', 'abandonAll', 'suspendAll', '_none_']), regex(/^\{target=[^}]+\}(choice|jump)$/)) },
    'adl.nav.request_valid.continue': { a: 'r' },
    'adl.nav.request_valid.previous': { a: 'r' }
  }
};

var ERRORS12 = {
  0: 'No error', 101: 'General exception', 201: 'Invalid argument error', 202: 'Element cannot have children',
  203: 'Element not an array - cannot have count', 301: 'Not initialized', 401: 'Not implemented error',
  402: 'Invalid set value, element is a keyword', 403: 'Element is read only', 404: 'Element is write only',
  405: 'Incorrect data type'
};
var ERRORS2004 = {
  0: 'No Error', 101: 'General Exception', 102: 'General Initialization Failure', 103: 'Already Initialized',
  104: 'Content Instance Terminated', 111: 'General Termination Failure', 112: 'Termination Before Initialization',
  113: 'Termination After Termination', 122: 'Retrieve Data Before Initialization', 123: 'Retrieve Data After Termination',
  132: 'Store Data Before Initialization', 133: 'Store Data After Termination', 142: 'Commit Before Initialization',
  143: 'Commit After Termination', 201: 'General Argument Error', 301: 'General Get Failure', 351: 'General Set Failure',
  391: 'General Commit Failure', 401: 'Undefined Data Model Element', 402: 'Unimplemented Data Model Element',
  403: 'Data Model Element Value Not Initialized', 404: 'Data Model Element Is Read Only',
  405: 'Data Model Element Is Write Only', 406: 'Data Model Element Type Mismatch',
  407: 'Data Model Element Value Out Of Range', 408: 'Data Model Dependency Not Established'
};

// Error numbers per model for each kind of failure.
var CODES12 = { undef: 201, ro: 403, wo: 404, keywordSet: 402, noChildren: 202, noCount: 203, type: 405, range: 405, index: 201, getIndex: 201, unset: 0, dep: 201 };
var CODES2004 = { undef: 401, ro: 404, wo: 405, keywordSet: 404, noChildren: 301, noCount: 301, type: 406, range: 407, index: 351, getIndex: 301, unset: 403, dep: 408 };

// ---- the CMI store ------------------------------------------------------------------------------------
function CmiStore(model, codes) {
  this.model = model;
  this.codes = codes;
  this.data = {};
  this.counts = {};
}

/** "cmi.interactions.3.objectives.0.id" -> { pattern: "cmi.interactions.n.objectives.n.id", parts, indexes } */
function shape(name) {
  var parts = name.split('.');
  var pattern = [];
  var positions = [];
  for (var i = 0; i < parts.length; i++) {
    if (/^\d+$/.test(parts[i])) { pattern.push('n'); positions.push(i); } else pattern.push(parts[i]);
  }
  return { pattern: pattern.join('.'), parts: parts, positions: positions };
}

CmiStore.prototype.count = function (path) { return this.counts[path] || 0; };

/** Checks that each index is within its collection (equal to the count is allowed for a set: it appends). */
CmiStore.prototype.indexesOk = function (s, forSet) {
  for (var k = 0; k < s.positions.length; k++) {
    var pos = s.positions[k];
    var collection = s.parts.slice(0, pos).join('.');
    var index = parseInt(s.parts[pos], 10);
    var count = this.count(collection);
    if (forSet && k === s.positions.length - 1 ? index > count : index >= count) return false;
  }
  return true;
};

CmiStore.prototype.get = function (name) {
  var m = this.model;
  if (typeof name !== 'string' || name === '') return { code: this.codes.undef === 201 ? 201 : 301, value: '' };
  if (name === 'cmi._version') return { code: 0, value: m.version };
  var s = shape(name);
  var last = s.parts[s.parts.length - 1];
  if (last === '_children') {
    var parent = s.pattern.slice(0, -'._children'.length);
    if (m.children[parent] !== undefined) return { code: 0, value: m.children[parent] };
    return { code: this.known(parent) ? this.codes.noChildren : this.codes.undef, value: '' };
  }
  if (last === '_count') {
    var coll = s.pattern.slice(0, -'._count'.length);
    if (m.collections.indexOf(coll) >= 0) {
      if (s.positions.length && !this.indexesOk(s, false)) return { code: this.codes.getIndex, value: '' };
      return { code: 0, value: String(this.count(s.parts.slice(0, -1).join('.'))) };
    }
    return { code: this.known(coll) ? this.codes.noCount : this.codes.undef, value: '' };
  }
  if (m === SCORM2004 && /^adl\.nav\.request_valid\.(choice|jump)\.\{target=[^}]+\}$/.test(name)) return { code: 0, value: 'unknown' };
  var el = m.elements[s.pattern];
  if (!el) return { code: this.codes.undef, value: '' };
  if (el.a === 'w') return { code: this.codes.wo, value: '' };
  if (s.positions.length && !this.indexesOk(s, false)) return { code: this.codes.getIndex, value: '' };
  if (!Object.prototype.hasOwnProperty.call(this.data, name)) return { code: this.codes.unset, value: '' };
  return { code: 0, value: this.data[name] };
};

/** True when the name is a data-model element or a parent of one (for the right keyword error). */
CmiStore.prototype.known = function (pattern) {
  if (this.model.elements[pattern] || this.model.children[pattern] !== undefined) return true;
  return this.model.collections.indexOf(pattern) >= 0;
};

CmiStore.prototype.set = function (name, value) {
  var m = this.model;
  if (typeof name !== 'string' || name === '') return this.codes === CODES12 ? 201 : 351;
  var v = value === null || value === undefined ? '' : String(value);
  var s = shape(name);
  var last = s.parts[s.parts.length - 1];
  if (last === '_children' || last === '_count' || last === '_version') {
    var base = s.pattern.slice(0, s.pattern.length - last.length - 1);
    return this.known(base) || name === 'cmi._version' ? this.codes.keywordSet : this.codes.undef;
  }
  var el = m.elements[s.pattern];
  if (!el) return this.codes.undef;
  if (el.a === 'r') return this.codes.ro;
  if (s.positions.length && !this.indexesOk(s, true)) return this.codes.index;
  if (el.dep && s.positions.length) {
    var owner = s.parts.slice(0, s.positions[0] + 1).join('.');
    if (!Object.prototype.hasOwnProperty.call(this.data, owner + '.' + el.dep)) return this.codes.dep;
  }
  var bad = el.v ? el.v(v) : null;
  if (bad) return this.codes[bad];
  this.put(name, v, s);
  return 0;
};

/** Stores without checks, growing the collections the name is in (also used to seed resume data). */
CmiStore.prototype.put = function (name, value, s) {
  s = s || shape(name);
  for (var k = 0; k < s.positions.length; k++) {
    var pos = s.positions[k];
    var collection = s.parts.slice(0, pos).join('.');
    var index = parseInt(s.parts[pos], 10);
    if (index + 1 > this.count(collection)) this.counts[collection] = index + 1;
  }
  this.data[name] = value;
};

CmiStore.prototype.snapshot = function () {
  var out = {};
  for (var key in this.data) if (Object.prototype.hasOwnProperty.call(this.data, key)) out[key] = this.data[key];
  return out;
};

// ---- transport ------------------------------------------------------------------------------------
function Transport(config, env) {
  this.config = config;
  this.env = env;
  this.queue = Promise.resolve();
  this.finished = false;
}

Transport.prototype.post = function (url, data) {
  var env = this.env;
  var body = JSON.stringify(data);
  var send = function () {
    return env.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body,
      credentials: 'same-origin',
      keepalive: body.length < 60000
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
    });
  };
  // Commits go out in order; a failed one is reported and the next full snapshot supersedes it.
  this.queue = this.queue.then(send, send).catch(function (err) {
    if (env.console) env.console.warn('[scorm player] saving runtime data failed: ' + (err && err.message));
  });
  return this.queue;
};

Transport.prototype.commit = function (data) {
  if (this.finished) return Promise.resolve();
  return this.post(this.config.commitUrl, data);
};

Transport.prototype.finish = function (data) {
  if (this.finished) return Promise.resolve();
  this.finished = true;
  return this.post(this.config.finishUrl, data);
};

/** The final save when the page is closing: fetch may be cancelled there, a beacon is not. */
Transport.prototype.beaconFinish = function (data) {
  if (this.finished) return;
  this.finished = true;
  var body = JSON.stringify(data);
  var sent = false;
  try {
    if (this.env.sendBeacon) sent = this.env.sendBeacon(this.config.finishUrl, body);
  } catch (e) { sent = false; }
  if (!sent) this.post(this.config.finishUrl, data);
};

// ---- seeding ------------------------------------------------------------------------------------------
var PER_SESSION = { 'cmi.core.session_time': 1, 'cmi.core.exit': 1, 'cmi.core.entry': 1, 'cmi.session_time': 1, 'cmi.exit': 1, 'cmi.entry': 1, 'adl.nav.request': 1 };

function seed(store, config, is2004) {
  var resume = config.resumeData || {};
  var hasAny = false;
  for (var key in resume) {
    if (!Object.prototype.hasOwnProperty.call(resume, key) || PER_SESSION[key]) continue;
    var s = shape(key);
    if (!store.model.elements[s.pattern]) continue;
    hasAny = true;
    store.put(key, String(resume[key]), s);
  }
  var suspend = resume['cmi.suspend_data'];
  var entry = suspend ? 'resume' : hasAny ? '' : 'ab-initio';
  var fixed = is2004
    ? { 'cmi.learner_id': config.learnerId || '', 'cmi.learner_name': config.learnerName || '', 'cmi.credit': 'credit', 'cmi.mode': 'normal', 'cmi.entry': entry, 'cmi.launch_data': '' }
    : { 'cmi.core.student_id': config.learnerId || '', 'cmi.core.student_name': config.learnerName || '', 'cmi.core.credit': 'credit', 'cmi.core.lesson_mode': 'normal', 'cmi.core.entry': entry, 'cmi.launch_data': '', 'cmi.comments_from_lms': '' };
  var defaults = is2004
    ? { 'cmi.completion_status': 'unknown', 'cmi.success_status': 'unknown', 'cmi.total_time': 'PT0S', 'adl.nav.request': '_none_', 'adl.nav.request_valid.continue': 'unknown', 'adl.nav.request_valid.previous': 'unknown' }
    : { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.total_time': '0000:00:00', 'cmi.core.lesson_location': '', 'cmi.core.score.raw': '', 'cmi.core.score.min': '', 'cmi.core.score.max': '', 'cmi.suspend_data': '', 'cmi.comments': '' };
  var k;
  for (k in fixed) store.put(k, fixed[k]);
  for (k in defaults) if (!Object.prototype.hasOwnProperty.call(store.data, k)) store.put(k, defaults[k]);
}

// ---- the API objects ------------------------------------------------------------------------------
function createRuntime(config, env) {
  var transport = new Transport(config, env);
  var state = { active: null, exiting: false };

  function exitNow() {
    if (state.exiting) return;
    state.exiting = true;
    if (env.navigate) env.navigate(config.exitUrl);
  }

  function makeSession(is2004) {
    var store = new CmiStore(is2004 ? SCORM2004 : SCORM12, is2004 ? CODES2004 : CODES12);
    seed(store, config, is2004);
    return { store: store, phase: 'new', error: 0, is2004: is2004 };
  }

  var s12 = makeSession(false);
  var s2004 = makeSession(true);

  function finishSession(session) {
    session.phase = 'done';
    state.active = session;
    transport.finish(session.store.snapshot()).then(function () {
      // After the SCO's call has returned, so that it is not unloaded in the middle of it.
      if (env.setTimeout) env.setTimeout(exitNow, 0); else exitNow();
    });
  }

  var api12 = {
    LMSInitialize: function (arg) {
      if (arg !== '' && arg !== undefined) { s12.error = 201; return FALSE; }
      if (s12.phase === 'running') { s12.error = 101; return FALSE; }
      if (s12.phase === 'done' || transport.finished) { s12.error = 101; return FALSE; }
      s12.phase = 'running'; s12.error = 0; state.active = s12; return TRUE;
    },
    LMSFinish: function (arg) {
      if (arg !== '' && arg !== undefined) { s12.error = 201; return FALSE; }
      if (s12.phase !== 'running') { s12.error = 301; return FALSE; }
      s12.error = 0; finishSession(s12); return TRUE;
    },
    LMSGetValue: function (name) {
      if (s12.phase !== 'running') { s12.error = 301; return ''; }
      var r = s12.store.get(name); s12.error = r.code; return r.value;
    },
    LMSSetValue: function (name, value) {
      if (s12.phase !== 'running') { s12.error = 301; return FALSE; }
      s12.error = s12.store.set(name, value); return s12.error === 0 ? TRUE : FALSE;
    },
    LMSCommit: function (arg) {
      if (arg !== '' && arg !== undefined) { s12.error = 201; return FALSE; }
      if (s12.phase !== 'running') { s12.error = 301; return FALSE; }
      s12.error = 0; transport.commit(s12.store.snapshot()); return TRUE;
    },
    LMSGetLastError: function () { return String(s12.error); },
    LMSGetErrorString: function (code) { var t = ERRORS12[parseInt(code, 10)]; return t === undefined ? '' : t; },
    LMSGetDiagnostic: function (code) {
      var n = code === '' || code === undefined || code === null ? s12.error : parseInt(code, 10);
      var t = ERRORS12[n]; return t === undefined ? '' : t;
    }
  };

  function check2004(before, after) {
    if (s2004.phase === 'new') { s2004.error = before; return false; }
    if (s2004.phase === 'done') { s2004.error = after; return false; }
    return true;
  }

  var api2004 = {
    version: '1.0',
    Initialize: function (arg) {
      if (arg !== '' && arg !== undefined) { s2004.error = 201; return FALSE; }
      if (s2004.phase === 'running') { s2004.error = 103; return FALSE; }
      if (s2004.phase === 'done' || transport.finished) { s2004.error = 104; return FALSE; }
      s2004.phase = 'running'; s2004.error = 0; state.active = s2004; return TRUE;
    },
    Terminate: function (arg) {
      if (arg !== '' && arg !== undefined) { s2004.error = 201; return FALSE; }
      if (!check2004(112, 113)) return FALSE;
      s2004.error = 0; finishSession(s2004); return TRUE;
    },
    GetValue: function (name) {
      if (!check2004(122, 123)) return '';
      if (name === '' || name === undefined || name === null) { s2004.error = 301; return ''; }
      var r = s2004.store.get(name); s2004.error = r.code; return r.value;
    },
    SetValue: function (name, value) {
      if (!check2004(132, 133)) return FALSE;
      if (name === '' || name === undefined || name === null) { s2004.error = 351; return FALSE; }
      s2004.error = s2004.store.set(name, value); return s2004.error === 0 ? TRUE : FALSE;
    },
    Commit: function (arg) {
      if (arg !== '' && arg !== undefined) { s2004.error = 201; return FALSE; }
      if (!check2004(142, 143)) return FALSE;
      s2004.error = 0; transport.commit(s2004.store.snapshot()); return TRUE;
    },
    GetLastError: function () { return String(s2004.error); },
    GetErrorString: function (code) { var t = ERRORS2004[parseInt(code, 10)]; return t === undefined ? '' : t; },
    GetDiagnostic: function (code) {
      var n = code === '' || code === undefined || code === null ? s2004.error : parseInt(code, 10);
      var t = ERRORS2004[n]; return t === undefined ? '' : t;
    }
  };

  return {
    api12: api12,
    api2004: api2004,
    transport: transport,
    /** The Exit button: a final save of what the SCO reported, then leave (the server saves when nothing ran). */
    exit: function () {
      var session = state.active;
      if (session && session.phase === 'running' && !transport.finished) {
        session.phase = 'done';
        transport.finish(session.store.snapshot()).then(exitNow);
      } else {
        transport.queue.then(exitNow);
      }
    },
    /** For tests and debugging: whether the SCO found and initialized an API, and whether it finished. */
    state: function () {
      return { initialized: s12.phase !== 'new' || s2004.phase !== 'new', finished: transport.finished };
    },
    /** The page is going away without an exit: send what we have. */
    pageHide: function () {
      var session = state.active;
      if (state.exiting || !session || session.phase !== 'running') return;
      session.phase = 'done';
      transport.beaconFinish(session.store.snapshot());
    }
  };
}

// ---- boot ---------------------------------------------------------------------------------------------
var doc = typeof document !== 'undefined' ? document : null;
var el = doc && doc.getElementById('scorm-player-config');
if (!el) return;
var config = JSON.parse(el.textContent || '{}');
var win = window;
var nav = typeof navigator !== 'undefined' ? navigator : null;
var runtime = createRuntime(config, {
  fetch: function (url, init) { return win.fetch(url, init); },
  sendBeacon: nav && nav.sendBeacon ? function (url, body) { return nav.sendBeacon(url, new Blob([body], { type: 'application/json' })); } : null,
  setTimeout: function (fn, ms) { return win.setTimeout(fn, ms); },
  console: win.console,
  navigate: function (url) {
    var absolute = new URL(url, win.location.href).href;
    try { win.top.location.href = absolute; } catch (e) { win.location.href = absolute; }
  }
});
win.API = runtime.api12;
win.API_1484_11 = runtime.api2004;
win.ScormPlayer = { exit: runtime.exit, state: runtime.state, runtime: 'builtin' };
win.addEventListener('pagehide', function () { runtime.pageHide(); });
function wireExitButton() {
  var button = doc.getElementById('scorm-player-exit');
  if (button) button.addEventListener('click', function () { button.disabled = true; runtime.exit(); });
}
if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', wireExitButton); else wireExitButton();
})();
`;
