// Lighthouse on many URLs with one Chrome, for `python3 scripts/build.py bench-lighthouse`.
//   node run-lighthouse.mjs jobs.json
// jobs.json: {"chromeFlags": [...], "categories": [...], "jobs": [{"url", "formFactor", "out"}]}
// Each run gets a fresh tab with storage and cache reset (Lighthouse's default): a first visit.
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const chrome = await chromeLauncher.launch({chromeFlags: spec.chromeFlags});
try {
  for (const [index, job] of spec.jobs.entries()) {
    const options = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: spec.categories,
      disableFullPageScreenshot: true,
    };
    const config = job.formFactor === 'desktop' ? desktopConfig : undefined;
    const result = await lighthouse(job.url, options, config);
    fs.writeFileSync(job.out, result.report);
    const scores = Object.values(result.lhr.categories).map((c) => Math.round(c.score * 100));
    console.error(`[${index + 1}/${spec.jobs.length}] ${job.formFactor} ${job.url} ${scores.join(' ')}`);
  }
} finally {
  await chrome.kill();
}
