'use strict';
// Turns label<TAB>text files into the input formats of the anchor filters,
// with Chinese split into single characters (neither anchor segments
// Chinese by itself; char tokens give them a fair chance):
//   node prep.js fasttext FILE...  -> "__label__spam t o k e n s" lines
//   node prep.js mbox spam|ham FILE... -> an mbox of the messages with that label
//   node prep.js labels FILE...    -> one 1/0 line per message (spam/ham)
const fs = require('fs');
const [mode, ...rest] = process.argv.slice(2);
const want = mode === 'mbox' ? rest.shift() : null;
const cjk = /([\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])/g;
const out = [];
for (const file of rest) {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const label = line.slice(0, tab), text = line.slice(tab + 1);
    const toks = text.replace(cjk, ' $1 ').replace(/\s+/g, ' ').trim();
    if (mode === 'fasttext') out.push('__label__' + label + ' ' + toks);
    else if (mode === 'labels') out.push(label === 'spam' ? '1' : '0');
    else if (mode === 'mbox' && (want === 'all' || label === want))
      out.push('From sms@example.invalid Thu Jan  1 00:00:00 2026\nSubject: sms\n\n' + toks.replace(/^From /gm, '>From ') + '\n');
  }
}
process.stdout.write(out.join('\n') + '\n');
