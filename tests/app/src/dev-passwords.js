const fs = require('node:fs');
const path = require('node:path');

/**
 * Passwords the dev app generated for its accounts, kept in tests/app/.tmp (ignored by git, removed with
 * the database by `rm -rf tests/app/.tmp`) so that every start prints the same ones, not only the first.
 */
const PASSWORDS_FILE = path.join(__dirname, '..', '.tmp', 'dev-passwords.json');

function readPasswords(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return {};
    throw error;
  }
  try {
    const saved = JSON.parse(text);
    if (saved && typeof saved === 'object' && !Array.isArray(saved)) return saved;
  } catch {
    // Reported below with the file's name.
  }
  throw new Error(`${file} is not the JSON object of generated passwords it should be: fix it, or delete it to generate new ones.`);
}

/**
 * The password of `account`: the one in `envName` when set, else the one generated for it on an earlier
 * start, else a new one from `generate`, kept for the next starts. `origin` says which.
 */
function devPassword(account, envName, generate, file = PASSWORDS_FILE) {
  if (process.env[envName]) return { password: process.env[envName], origin: 'env', envName };
  const saved = readPasswords(file);
  if (typeof saved[account] === 'string' && saved[account]) return { password: saved[account], origin: 'generated', file };
  const password = generate();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ ...saved, [account]: password }, null, 2)}\n`, { mode: 0o600 });
  return { password, origin: 'generated', file };
}

module.exports = { devPassword, PASSWORDS_FILE };
