'use strict';
// Spam F1 at an operating point: reads "label<TAB>score" lines (label 1 =
// spam), picks the lowest threshold whose ham false-positive rate is <= FPR
// (the same rule as kefu-eval), prints JSON {n, spam, f1, precision, recall,
// ham_fpr, threshold}. Usage: node metrics.js FPR < scores
const fpr = Number(process.argv[2]);
const rows = require('fs').readFileSync(0, 'utf8').trim().split('\n').map((l) => l.split('\t').map(Number));
const ham = rows.filter((r) => r[0] === 0).map((r) => r[1]).sort((a, b) => b - a);
const allowed = Math.floor(fpr * ham.length);
const thr = allowed < ham.length ? ham[allowed] + 1e-12 : 0;
let tp = 0, fp = 0, fn = 0, tn = 0;
for (const [l, s] of rows) {
  const spam = s >= thr;
  if (l) spam ? tp++ : fn++; else spam ? fp++ : tn++;
}
const p = tp / Math.max(1, tp + fp), r = tp / Math.max(1, tp + fn);
console.log(JSON.stringify({ n: rows.length, spam: tp + fn, f1: +(p + r ? 2 * p * r / (p + r) : 0).toFixed(4),
  precision: +p.toFixed(4), recall: +r.toFixed(4), ham_fpr: +(fp / Math.max(1, fp + tn)).toFixed(5), threshold: thr }));
