// A minimal site frontend for the plugin's content API: sign in, list courses, launch, show results.
(function () {
  'use strict';
  var api = '/api';
  var $ = function (id) {
    return document.getElementById(id);
  };
  var jwt = sessionStorage.getItem('jwt');
  var params = new URLSearchParams(location.search);

  function say(text) {
    $('message').textContent = text || '';
  }

  function call(path, options) {
    options = options || {};
    var headers = Object.assign({ Accept: 'application/json' }, options.body ? { 'Content-Type': 'application/json' } : {});
    if (jwt) headers.Authorization = 'Bearer ' + jwt;
    return fetch(api + path, Object.assign({}, options, { headers: headers })).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error((body.error && body.error.message) || res.statusText);
        return body;
      });
    });
  }

  function signIn(path, form) {
    var data = new FormData(form);
    var identifier = String(data.get('identifier'));
    var body =
      path === '/auth/local'
        ? { identifier: identifier, password: data.get('password') }
        : { username: identifier.split('@')[0], email: identifier.indexOf('@') > 0 ? identifier : identifier + '@example.com', password: data.get('password') };
    return call(path, { method: 'POST', body: JSON.stringify(body) }).then(
      function (res) {
        jwt = res.jwt;
        sessionStorage.setItem('jwt', jwt);
        sessionStorage.setItem('user', res.user.username);
        show();
      },
      function (error) {
        say(error.message);
      },
    );
  }

  function launch(courseId) {
    say('Opening the course…');
    var back = location.origin + location.pathname + '?returnedFrom=' + encodeURIComponent(courseId);
    call('/scorm-cloud/courses/' + encodeURIComponent(courseId) + '/launch?returnTo=' + encodeURIComponent(back)).then(
      function (res) {
        location.href = res.data.url; // signed just now; it is never stored
      },
      function (error) {
        say('Could not launch: ' + error.message);
      },
    );
  }

  function renderCourses(courses) {
    var list = $('course-list');
    list.textContent = '';
    if (!courses.length) list.textContent = 'No course is ready yet: upload one in the Strapi admin (SCORM Cloud).';
    courses.forEach(function (course) {
      var item = document.createElement('li');
      var title = document.createElement('span');
      title.textContent = course.title;
      var button = document.createElement('button');
      button.textContent = 'Launch';
      button.setAttribute('aria-label', 'Launch ' + course.title);
      button.addEventListener('click', function () {
        launch(course.courseId);
      });
      item.append(title, button);
      list.append(item);
    });
  }

  function renderResults(rows) {
    var body = $('result-rows');
    body.textContent = '';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.dataset.registrationId = r.registrationId;
      [
        r.course ? r.course.title : r.registrationId,
        r.complete,
        r.success,
        r.score == null ? '—' : String(r.score),
        String(r.totalTime),
        String(r.launchCount),
      ].forEach(function (value) {
        var td = document.createElement('td');
        td.textContent = value;
        tr.append(td);
      });
      body.append(tr);
    });
  }

  function loadResults() {
    return call('/scorm-cloud/me/registrations').then(function (res) {
      renderResults(res.data);
      return res.data;
    });
  }

  function show() {
    $('login').hidden = !!jwt;
    $('logout').hidden = !jwt;
    $('courses').hidden = !jwt;
    $('results').hidden = !jwt;
    $('who').textContent = jwt ? sessionStorage.getItem('user') || '' : '';
    if (!jwt) return;
    call('/scorm-cloud/courses').then(
      function (res) {
        renderCourses(res.data);
      },
      function (error) {
        say(error.message);
      },
    );
    loadResults().then(
      function () {
        var returned = params.get('returnedFrom');
        if (!returned) return;
        // Back from the player: results arrive by postback and by the refresh the exit route triggered.
        say('Welcome back. Your results are being updated…');
        var tries = 0;
        var timer = setInterval(function () {
          loadResults().then(function (rows) {
            var done = rows.some(function (r) {
              return r.course && r.course.courseId === returned && r.complete !== 'unknown';
            });
            if (done || ++tries > 20) {
              clearInterval(timer);
              say(done ? 'Results updated.' : '');
            }
          });
        }, 500);
      },
      function (error) {
        say(error.message);
      },
    );
  }

  $('login').addEventListener('submit', function (event) {
    event.preventDefault();
    signIn('/auth/local', event.target);
  });
  $('register').addEventListener('click', function () {
    signIn('/auth/local/register', $('login'));
  });
  $('logout').addEventListener('click', function () {
    jwt = null;
    sessionStorage.clear();
    show();
  });
  show();
})();
