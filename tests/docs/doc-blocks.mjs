// Turns a section of a Markdown document into a bash script that does what the section says, so
// that a test can run the documentation itself and the two cannot drift apart.
//
//   node doc-blocks.mjs script DOC NAME     print the script for the section(s) NAME of DOC
//   node doc-blocks.mjs apply-diff FILE     apply the diff on standard input to FILE (below)
//
// A section is what lies between `<!-- doc-test: NAME -->` and `<!-- /doc-test: NAME -->`
// (invisible when the document is rendered). Inside, every fenced code block is used, by its
// info string (language first, then attributes, which renderers do not show):
//   ```sh                     commands: run in order, in one shell (a `cd` carries over)
//   ```<lang> file=PATH       contents of PATH (relative to the shell's directory then)
//   ```diff file=PATH         an edit of PATH: the '-' lines (with the ' ' context lines)
//                             must occur exactly once in it and are replaced by the '+' lines
//   ```<lang> output          what the commands of the previous block print (stdout), exactly
//   ```<lang> untested        shown only
// A block with none of these fails the script: everything in a section is tested or says why
// not. Each step echoes where it comes from (DOC:LINE).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function fail(message) {
  console.error(`doc-blocks: ${message}`);
  process.exit(2);
}

/// The fenced blocks of `text` inside the sections NAME: {line, lang, attrs, body}.
function blocks(text, name, doc) {
  const lines = text.split('\n');
  const out = [];
  let inside = false;
  let sections = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = line.match(/^\s*<!--\s*(\/?)doc-test:\s*([\w.-]+)\s*-->\s*$/);
    if (marker && marker[2] === name) {
      if ((marker[1] === '/') !== inside) fail(`${doc}:${i + 1}: unbalanced doc-test marker for '${name}'`);
      inside = !inside;
      if (inside) sections++;
      continue;
    }
    const open = line.match(/^(\s*)(`{3,}|~{3,})\s*([^`]*)$/);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j].match(/^(\s*)(`{3,}|~{3,})\s*$/);
      if (close && close[2][0] === fence[0] && close[2].length >= fence.length) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    if (j === lines.length) fail(`${doc}:${i + 1}: unclosed code block`);
    if (inside) {
      const [lang = '', ...words] = info.trim().split(/\s+/);
      const attrs = {};
      for (const w of words) {
        const eq = w.indexOf('=');
        attrs[eq < 0 ? w : w.slice(0, eq)] = eq < 0 ? true : w.slice(eq + 1);
      }
      out.push({ line: i + 1, lang, attrs, body: body.join('\n') + '\n' });
    }
    i = j;
  }
  if (inside) fail(`${doc}: section '${name}' is not closed`);
  if (sections === 0) fail(`${doc}: no section '${name}' (<!-- doc-test: ${name} -->)`);
  return out;
}

function heredoc(body) {
  let tag = 'MCPC_DOC_END';
  while (body.includes(tag)) tag += '_';
  return { tag, text: `<<'${tag}'\n${body}${tag}\n` };
}

function quote(s) {
  return `'${String(s).replaceAll("'", "'\\''")}'`;
}

function script(doc, name) {
  const where = relative(repo, resolve(doc));
  const all = blocks(readFileSync(doc, 'utf8'), name, where);
  const self = quote(process.argv[1]);
  let sh = `# Generated from ${where}, section ${name}, by tests/docs/doc-blocks.mjs.\n`;
  sh += `mcpc_doc_tmp=$(mktemp -d)\n`;
  all.forEach((b, n) => {
    const at = `${where}:${b.line}`;
    const next = all[n + 1];
    const shell = ['sh', 'bash', 'shell', 'console'].includes(b.lang);
    if (b.attrs.untested || b.attrs.output) return;  // output blocks are read with their commands
    if (b.attrs.file && b.lang === 'diff') {
      sh += `printf '\\n== %s: edit %s\\n' ${quote(at)} ${quote(b.attrs.file)}\n`;
      sh += `${quote(process.execPath)} ${self} apply-diff ${quote(b.attrs.file)} ${heredoc(b.body).text}`;
    } else if (b.attrs.file) {
      sh += `printf '\\n== %s: write %s\\n' ${quote(at)} ${quote(b.attrs.file)}\n`;
      sh += `mkdir -p "$(dirname ${quote(b.attrs.file)})"\n`;
      sh += `cat > ${quote(b.attrs.file)} ${heredoc(b.body).text}`;
    } else if (shell) {
      sh += `printf '\\n== %s: run\\n%s' ${quote(at)} ${quote(b.body.replace(/\n$/, '').replace(/^/gm, '$ ') + '\n')}\n`;
      if (next && next.attrs.output) {
        // Braces, not a subshell: a `cd` in the block carries over as in the others.
        sh += `{\n${b.body}} > "$mcpc_doc_tmp/out"\ncat "$mcpc_doc_tmp/out"\n`;
        sh += `cat > "$mcpc_doc_tmp/expected" ${heredoc(next.body).text}`;
        sh += `diff -u "$mcpc_doc_tmp/expected" "$mcpc_doc_tmp/out" || { echo ${quote(
          `${where}:${next.line}: the commands above print something else than the document shows (diff above)`,
        )} >&2; exit 1; }\n`;
      } else {
        sh += b.body;
      }
    } else {
      fail(`${at}: a '${b.lang}' block that is neither run, written, compared nor marked untested`);
    }
  });
  sh += `rm -rf "$mcpc_doc_tmp"\n`;
  return sh;
}

function applyDiff(file) {
  const diff = readFileSync(0, 'utf8').replace(/\n$/, '').split('\n');
  const before = [];
  const after = [];
  for (const l of diff) {
    const rest = l.slice(1).trimEnd();
    if (l.startsWith('-')) before.push(rest);
    else if (l.startsWith('+')) after.push(rest);
    else {
      before.push(rest);
      after.push(rest);
    }
  }
  const text = readFileSync(file, 'utf8').split('\n');
  const matches = [];
  for (let i = 0; i + before.length <= text.length; i++) {
    if (before.every((b, k) => text[i + k].trimEnd() === b)) matches.push(i);
  }
  if (matches.length !== 1) {
    console.error(`the lines to change are found ${matches.length} times in ${file}, expected once:`);
    console.error(before.join('\n'));
    process.exit(1);
  }
  text.splice(matches[0], before.length, ...after);
  writeFileSync(file, text.join('\n'));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'script' && args.length === 2) process.stdout.write(script(args[0], args[1]));
else if (mode === 'apply-diff' && args.length === 1) applyDiff(args[0]);
else fail('usage: doc-blocks.mjs script DOC NAME | apply-diff FILE');
