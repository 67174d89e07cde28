// Summarises a results file of the HTTP caching test suite (http-cache-tests, as cli.mjs prints it:
// { testId: true | [ErrorName, message] }).
//
//   node cache-tests-summary.mjs PACKAGE_DIR RESULTS.json [PREVIOUS.json]
//   node cache-tests-summary.mjs PACKAGE_DIR --published
//   node cache-tests-summary.mjs PACKAGE_DIR --test ID      (exit 1 when the suite has no such test)
//
// PACKAGE_DIR is the installed http-cache-tests package (node_modules/http-cache-tests). The kind of each
// test (required / optimal / check) comes from the suite's own test definitions in PACKAGE_DIR/tests:
// a test without `kind` is `required`. The test list is the one cli.mjs runs (tests/index.mjs plus
// tests/surrogate-control.mjs, without browser-only tests).
//
// Prints "passed N / failed M" (passed = the result is `true`; everything else, including Setup and
// harness errors, counts as failed), the same per kind with the failure reasons split out, and every
// failing `required` test with its message. With PREVIOUS.json it also lists the tests whose outcome
// changed. With --published it prints the same counts for the published results in PACKAGE_DIR/results.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const KINDS = ['required', 'optimal', 'check']

async function loadSuites (pkgDir) {
  const load = async rel => (await import(pathToFileURL(path.join(pkgDir, rel)).href)).default
  const suites = [...await load('tests/index.mjs')]
  suites.push(await load('tests/surrogate-control.mjs'))
  const tests = new Map()
  for (const suite of suites) {
    for (const test of suite.tests) {
      if (test.browser_only === true) continue
      tests.set(test.id, { id: test.id, suite: suite.id, kind: test.kind || 'required', name: test.name })
    }
  }
  return tests
}

/** pass | assertion | setup | retry | harness | untested */
function outcome (result) {
  if (result === undefined) return 'untested'
  if (result === true) return 'pass'
  if (Array.isArray(result)) {
    if (result[0] === 'Assertion') return 'assertion'
    if (result[0] === 'Setup') return result[1] === 'retry' ? 'retry' : 'setup'
  }
  return 'harness'
}

function message (result) {
  if (Array.isArray(result)) return `[${result[0]}] ${String(result[1]).replace(/\s+/g, ' ').trim()}`
  return JSON.stringify(result)
}

const noSurrogate = t => t.suite !== 'surrogate-control'

function count (tests, results, include = () => true) {
  const byKind = {}
  for (const kind of KINDS) byKind[kind] = { run: 0, pass: 0, assertion: 0, setup: 0, retry: 0, harness: 0 }
  let run = 0
  let passed = 0
  for (const [id, result] of Object.entries(results)) {
    const test = tests.get(id)
    if (!test || !include(test)) continue // not defined by this package version, or filtered out
    const o = outcome(result)
    const k = byKind[test.kind]
    run++
    k.run++
    k[o]++
    if (o === 'pass') passed++
  }
  return { run, passed, failed: run - passed, byKind }
}

function kindLine (kind, k) {
  const failed = k.run - k.pass
  const parts = [`assertion ${k.assertion}`, `setup ${k.setup}`]
  if (k.retry) parts.push(`retry ${k.retry}`)
  if (k.harness) parts.push(`harness ${k.harness}`)
  const label = kind === 'check' ? 'yes' : 'passed'
  const failLabel = kind === 'check' ? 'no' : 'failed'
  return `  ${kind.padEnd(8)} ${label} ${String(k.pass).padStart(3)} / ${failLabel} ${String(failed).padStart(3)}` +
    `  of ${String(k.run).padStart(3)}   (${failLabel}: ${parts.join(', ')})`
}

function readJson (file) {
  const text = fs.readFileSync(file, 'utf8')
  try {
    return JSON.parse(text)
  } catch (e) {
    // cli.mjs output with something printed before the JSON object: take the object
    const start = text.indexOf('\n{')
    if (start >= 0) return JSON.parse(text.slice(start + 1))
    throw new Error(`${file}: no JSON results in it (${e.message})`)
  }
}

async function main () {
  const [pkgDir, resultsFile, previousFile] = process.argv.slice(2)
  if (!pkgDir || !resultsFile) {
    console.error('usage: node cache-tests-summary.mjs PACKAGE_DIR RESULTS.json [PREVIOUS.json] | PACKAGE_DIR --published')
    process.exit(2)
  }
  const tests = await loadSuites(pkgDir)

  if (resultsFile === '--test') {
    const test = tests.get(previousFile)
    if (!test) {
      console.error(`the suite has no test with the id ${JSON.stringify(previousFile)}`)
      process.exit(1)
    }
    console.log(`${test.id}: kind ${test.kind}, suite ${test.suite}: ${test.name}`)
    return
  }

  if (resultsFile === '--published') {
    const dir = path.join(pkgDir, 'results')
    console.log(`published results in ${dir} (same counting: passed = result true)`)
    console.log('                   all suites                      without surrogate-control')
    console.log('  cache            passed / run  required / run      passed / run  required / run')
    const cell = (a, b) => `${String(a).padStart(6)} / ${String(b).padEnd(5)}`
    for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()) {
      const results = readJson(path.join(dir, f))
      const c = count(tests, results)
      const n = count(tests, results, noSurrogate)
      console.log(`  ${f.replace(/\.json$/, '').padEnd(16)} ${cell(c.passed, c.run)} ${cell(c.byKind.required.pass, c.byKind.required.run)}` +
        `    ${cell(n.passed, n.run)} ${cell(n.byKind.required.pass, n.byKind.required.run)}`.trimEnd())
    }
    return
  }

  const results = readJson(resultsFile)
  const c = count(tests, results)
  const unknown = Object.keys(results).filter(id => !tests.has(id))
  console.log(`passed ${c.passed} / failed ${c.failed}   (${c.run} tests run; the suite defines ${tests.size})`)
  for (const kind of KINDS) console.log(kindLine(kind, c.byKind[kind]))
  const n = count(tests, results, noSurrogate)
  console.log(`  without the surrogate-control suite (as cache-tests.md counts): passed ${n.passed} / ${n.run},` +
    ` required passed ${n.byKind.required.pass} / ${n.byKind.required.run}`)
  if (unknown.length) console.log(`  (${unknown.length} result ids not defined by this package version ignored)`)

  const failingRequired = [...tests.values()]
    .filter(t => t.kind === 'required' && results[t.id] !== undefined && results[t.id] !== true)
  console.log(`\nfailing required tests (${failingRequired.length}):`)
  for (const t of failingRequired) console.log(`  ${t.id}: ${message(results[t.id])}`)

  if (previousFile && fs.existsSync(previousFile)) {
    const previous = readJson(previousFile)
    const changed = [...tests.values()].filter(t => outcome(previous[t.id]) !== outcome(results[t.id]))
    const p = count(tests, previous)
    console.log(`\nchanged since ${path.basename(previousFile)} (passed ${p.passed} / failed ${p.failed} then): ${changed.length} tests`)
    for (const t of changed) {
      console.log(`  ${t.id} (${t.kind}): ${outcome(previous[t.id])} -> ${outcome(results[t.id])}`)
    }
  }
}

main().catch(err => {
  console.error(err)
  process.exit(1)
})
