// make site-check: serves the built site on the loopback, opens every page in headless Debian Chromium, runs axe-core
// (WCAG 2.0/2.1 A and AA), checks every internal link and anchor, and searches the site in Japanese through Pagefind.
// Usage: node check.mjs SITE_FOLDER [SCREENSHOT_FOLDER]   (exit 1 on any violation, broken link or failed search)
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, readdirSync, statSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, relative, sep } from "node:path";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const WORDS = ["誤送信", "紛失"]; // Japanese words of the sample's cases: Pagefind must find them without spaces around them
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".xml": "application/atom+xml", ".csv": "text/csv; charset=utf-8", ".pdf": "application/pdf", ".wasm": "application/wasm" };

const site = process.argv[2];
const shots = process.argv[3];
if (!site || !existsSync(join(site, "index.html"))) {
  console.error("usage: node check.mjs SITE_FOLDER [SCREENSHOT_FOLDER] (the folder `casebook site --out` wrote)");
  process.exit(2);
}

function walk(folder) {
  return readdirSync(folder).sort().flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [relative(site, path).split(sep).join("/")];
  });
}
const files = new Set(walk(site));
const pages = [...files].filter((name) => name.endsWith(".html") && !name.startsWith("pagefind/"));

const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname).replace(/^\//, "") || "index.html";
  if (!files.has(path)) { response.writeHead(404); response.end(); return; }
  response.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
  response.end(readFileSync(join(site, path)));
});
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const origin = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(join(tmpdir(), "casebook-site-check-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
let failures = 0;
let checks = 0; // pages at each width, links, searches
const ids = new Map(); // page → the ids on it
const links = []; // [from page, to url]
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => { console.log(`script error: ${error.message}`); failures += 1; });
  for (const name of pages) {
    for (const width of [1280, 390]) { // desktop and phone: the layout (and so what axe sees) differs
      await page.setViewport({ width, height: 900 });
      await page.goto(origin + name, { waitUntil: "load" });
      if (width === 1280) {
        ids.set(name, new Set(await page.$$eval("[id]", (all) => all.map((e) => e.id))));
        for (const target of await page.$$eval("[href], [src]", (all) => all.map((e) => e.href || e.src))) links.push([name, target]);
      }
      checks += 1;
      await page.evaluate(AXE);
      const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
      for (const violation of result.violations) {
        failures += 1;
        console.log(`${name} (${width}px): ${violation.id} — ${violation.help}`);
        for (const node of violation.nodes.slice(0, 3)) console.log(`    ${node.target.join(" ")}: ${node.failureSummary.split("\n").slice(1, 2).join(" ")}`);
      }
      if (shots) {
        mkdirSync(shots, { recursive: true });
        await page.screenshot({ path: join(shots, `${name.replaceAll("/", "_")}-${width}.png`), fullPage: true });
      }
    }
  }
  let broken = 0;
  for (const [from, target] of links) {
    const url = new URL(target);
    if (url.origin + "/" !== origin) continue; // no external link is followed (there should be none)
    checks += 1;
    const path = decodeURIComponent(url.pathname).replace(/^\//, "") || "index.html";
    const fragment = decodeURIComponent(url.hash.replace(/^#/, ""));
    if (!files.has(path) || (fragment && ids.has(path) && !ids.get(path).has(fragment))) {
      broken += 1;
      console.log(`${from}: broken link ${path}${fragment ? "#" + fragment : ""}`);
    }
  }
  failures += broken;
  if (files.has("search.html") && files.has("pagefind/pagefind-ui.js")) {
    for (const word of WORDS) {
      await page.setViewport({ width: 1280, height: 900 });
      checks += 1;
      await page.goto(origin + "search.html", { waitUntil: "load" });
      await page.waitForSelector(".pagefind-ui__search-input");
      await page.type(".pagefind-ui__search-input", word);
      const found = await page.waitForSelector(".pagefind-ui__result-link", { timeout: 15000 }).then(() => true, () => false);
      const titles = found ? await page.$$eval(".pagefind-ui__result-link", (all) => all.map((e) => e.textContent.trim())) : [];
      console.log(`search 「${word}」: ${titles.length} results${titles.length ? " — " + titles.slice(0, 4).join(" / ") : ""}`);
      if (!titles.length) failures += 1;
      await page.evaluate(AXE);
      const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
      for (const violation of result.violations) {
        failures += 1;
        console.log(`search.html with results: ${violation.id} — ${violation.help}`);
      }
      if (shots) await page.screenshot({ path: join(shots, `search-${word}.png`), fullPage: true });
    }
  } else {
    console.log("search: no Pagefind index in the site (built with --no-search)");
    failures += 1;
  }
  console.log(`site-check: ${pages.length} pages, ${links.length} links, ${failures} problems`);
  console.log(`${Math.max(checks - failures, 0)} passed, ${failures} failed`);
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
