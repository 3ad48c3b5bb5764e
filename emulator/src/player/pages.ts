import type { PlayerLaunch } from './contract';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element: no `</script>` or `<!--` can close or confuse it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The package path as a URL path: each segment encoded, the manifest's query string (parameters) kept as it is. */
export function contentHref(base: string, entryHref: string): string {
  const cut = entryHref.search(/[?#]/);
  const path = cut < 0 ? entryHref : entryHref.slice(0, cut);
  const rest = cut < 0 ? '' : entryHref.slice(cut);
  const encoded = path
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(safeDecode(segment)))
    .join('/');
  return `${base}content/${encoded}${rest}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export interface RuntimeConfig {
  launchId: string;
  standard: PlayerLaunch['standard'];
  learnerId: string;
  learnerName: string;
  resumeData: Record<string, string>;
  commitUrl: string;
  finishUrl: string;
  exitUrl: string;
  /** Played SCO by SCO: the table of contents (with each SCO's content URL) and where to start. */
  activities?: Array<{
    id: string;
    title: string;
    depth: number;
    url?: string;
    choice?: false;
    flow?: false;
    forwardOnly?: true;
    disabled?: true;
    hiddenFromChoice?: true;
    skip?: true;
    stopForwardTraversal?: true;
  }>;
  startActivityId?: string;
  activityBase?: string;
}

export function playerPage(launch: PlayerLaunch, base: string, scripts: string[], perActivity = false): string {
  const activities = perActivity && launch.activities ? launch.activities : undefined;
  const config: RuntimeConfig = {
    launchId: launch.launchId,
    standard: launch.standard,
    learnerId: launch.learnerId,
    learnerName: launch.learnerName,
    resumeData: activities ? {} : launch.resumeData,
    commitUrl: `${base}commit`,
    finishUrl: `${base}finish`,
    exitUrl: `${base}exit`,
    ...(activities
      ? {
          activities: activities.map((a) => ({
            id: a.id,
            title: a.title,
            depth: a.depth,
            ...(a.href ? { url: contentHref(base, a.href) } : {}),
            ...(a.choice === false ? { choice: false } : {}),
            ...(a.flow === false ? { flow: false } : {}),
            ...(a.forwardOnly ? { forwardOnly: true } : {}),
            ...(a.disabled ? { disabled: true } : {}),
            ...(a.hiddenFromChoice ? { hiddenFromChoice: true } : {}),
            ...(a.skip ? { skip: true } : {}),
            ...(a.stopForwardTraversal ? { stopForwardTraversal: true } : {}),
          })),
          startActivityId: launch.startActivityId ?? launch.activityId,
          activityBase: `${base}activities/`,
        }
      : {}),
  };
  const title = escapeHtml(launch.courseTitle || 'Course');
  // A course of one SCO needs no table of contents (SCORM Cloud shows none either).
  const showToc = !!activities && activities.filter((a) => a.href).length > 1;
  const toc = showToc
    ? `<nav id="scorm-player-toc" aria-label="Course contents"><ol>${activities!
        .map((a) =>
          a.href
            ? `<li style="padding-left:${a.depth}rem"><button type="button" class="scorm-player-toc-item" data-activity-id="${escapeHtml(a.id)}" data-status="${escapeHtml(a.status ?? 'not attempted')}"${a.choice === false || a.disabled || a.hiddenFromChoice ? ' disabled' : ''}${a.hiddenFromChoice ? ' hidden' : ''}${a.disabled ? ' data-rule="disabled"' : ''}>${escapeHtml(a.title)}</button></li>`
            : `<li style="padding-left:${a.depth}rem" class="scorm-player-toc-cluster">${escapeHtml(a.title)}</li>`,
        )
        .join('')}</ol></nav>`
    : '';
  const navButtons = showToc
    ? '<button type="button" id="scorm-player-previous">Previous</button><button type="button" id="scorm-player-next">Next</button>'
    : '';
  const src = activities ? '' : ` src="${escapeHtml(contentHref(base, launch.entryHref))}"`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: .4rem .8rem; background: #1f2937; color: #fff; }
header h1 { font-size: 1rem; font-weight: 600; margin: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; flex: 1; }
header button { font: inherit; padding: .25rem .9rem; border: 1px solid #9ca3af; border-radius: 4px; background: #374151; color: #fff; cursor: pointer; }
header button:disabled { opacity: .5; cursor: default; }
main { flex: 1; display: flex; min-height: 0; }
nav { width: 16rem; overflow: auto; border-right: 1px solid #d1d5db; background: #f9fafb; }
nav ol { list-style: none; margin: 0; padding: .5rem; }
nav li { margin: .15rem 0; }
nav button { font: inherit; width: 100%; text-align: left; border: 0; background: none; padding: .2rem .4rem; cursor: pointer; border-radius: 3px; }
nav button[aria-current="true"] { background: #dbeafe; font-weight: 600; }
nav button::before { display: inline-block; width: 1.2em; content: "\\25CB"; color: #6b7280; }
nav button[data-status="incomplete"]::before { content: "\\25D0"; color: #b45309; }
nav button[data-status="completed"]::before, nav button[data-status="passed"]::before { content: "\\2713"; color: #15803d; }
nav button[data-status="failed"]::before { content: "\\2717"; color: #b91c1c; }
.scorm-player-toc-cluster { font-weight: 600; padding: .2rem .4rem; }
#scorm-player-notice { display: none; padding: 2rem; }
iframe { flex: 1; width: 100%; border: 0; }
</style>
<script type="application/json" id="scorm-player-config">${scriptJson(config)}</script>
${scripts.map((src) => `<script src="${escapeHtml(src)}"></script>`).join('\n')}
</head>
<body>
<header>
<h1 id="scorm-player-title">${title}</h1>
${navButtons}<button type="button" id="scorm-player-exit">Exit</button>
</header>
<main>
${toc}<div id="scorm-player-notice" role="status"></div>
<iframe id="scorm-player-content" name="scorm-player-content" title="${title}"${src} allow="autoplay; fullscreen"></iframe>
</main>
</body>
</html>
`;
}

function simplePage(title: string, body: string, script = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body { font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 36rem; padding: 0 1rem; color: #111827; }</style>
${script}</head>
<body>${body}</body>
</html>
`;
}

/** The learning standard as SCORM Cloud names it to people. */
const STANDARD_NAMES: Record<PlayerLaunch['standard'], string> = { scorm12: 'SCORM 1.2', scorm2004: 'SCORM 2004', aicc: 'AICC', cmi5: 'cmi5' };

/** Whether the player can run this standard's content (SCORM only: there is no AICC HACP or xAPI/LRS endpoint). */
export function playable(standard: PlayerLaunch['standard']): boolean {
  return standard === 'scorm12' || standard === 'scorm2004';
}

/**
 * In place of the player for an AICC or cmi5 course: its content would look for an HACP URL or an LRS the
 * emulator does not have and fail in ways that point nowhere, so the learner is told why instead.
 */
export function unsupportedStandardPage(launch: PlayerLaunch, base: string): string {
  const name = STANDARD_NAMES[launch.standard] ?? launch.standard;
  const title = launch.courseTitle || 'This course';
  return simplePage(
    `${name} courses are not played here`,
    `<h1 id="scorm-player-unsupported">${escapeHtml(name)} courses are not played by the emulator</h1>` +
      `<p><strong id="scorm-player-course">${escapeHtml(title)}</strong> is ${/^[AEIOU]/.test(name) ? 'an' : 'a'} <span id="scorm-player-standard">${escapeHtml(name)}</span> course. ` +
      'The SCORM Cloud emulator imports, registers and launches it, but its player runs SCORM 1.2 and SCORM 2004 content only. ' +
      'Take this course on SCORM Cloud itself.</p>' +
      `<p><a id="scorm-player-leave" href="${escapeHtml(`${base}exit`)}">Leave the course</a></p>`,
  );
}

export function notFoundPage(): string {
  return simplePage(
    'Launch not found',
    '<h1>Launch not found</h1><p>This launch does not exist or has already ended. Start the course again from where you opened it.</p>',
  );
}

/** `closer`: a page that tries to close its window (browsers allow it for windows a script opened). */
export function closerPage(): string {
  return simplePage(
    'Course closed',
    '<p id="scorm-player-closer">The course has ended. You may close this window.</p>',
    '<script>try { window.close(); } catch (e) { /* not closable: the text stays */ }</script>',
  );
}

export function blankPage(): string {
  return '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title></title></head><body></body></html>\n';
}

export function messagePage(title: string): string {
  return simplePage(
    'Course complete',
    `<h1 id="scorm-player-message">Course complete</h1><p>You have left <strong>${escapeHtml(title || 'the course')}</strong>. You may close this window.</p>`,
  );
}
