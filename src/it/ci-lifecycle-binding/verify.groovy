import groovy.json.JsonSlurper

evaluate(new File(orchProjectDir, 'src/it/support/it-support.groovy'))

String log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log =~ /orch-maven-plugin:[^:]+:run \(run-backlog\)/ : 'orch:run ran as the profile\'s execution'
assert !log.contains('\r') : 'no progress line in a CI log'

File state = new File(basedir, 'target/orchestrate')
def summary = new JsonSlurper().parse(new File(state, 'summary.json'))
assert summary.phase == 'completed'
assert summary.counts.total == 8
assert summary.counts.succeeded == 8

// JUnit XML where CI test reporters look for it.
File[] junitFiles = new File(state, 'junit').listFiles({ File f -> f.name ==~ /TEST-orch-.*\.xml/ } as FileFilter)
assert junitFiles != null && junitFiles.length == 1
// Parsed with the JDK's DOM parser, as a CI reporter would.
def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junitFiles[0])
        .documentElement
assert suite.tagName == 'testsuite'
assert suite.getAttribute('tests') == '8'
assert suite.getAttribute('failures') == '0'
assert suite.getAttribute('errors') == '0'
assert suite.getAttribute('skipped') == '0'
def cases = suite.getElementsByTagName('testcase')
assert cases.length == 8
assert (0..<cases.length).collect { cases.item(it).getAttribute('name').split(' ')[0] }.toSet() ==
        ['CORE-001', 'CORE-002', 'CORE-003', 'CORE-004', 'WEB-001', 'WEB-002', 'WEB-003', 'WEB-004'].toSet()
assert suite.getElementsByTagName('failure').length == 0

// The page, self-contained.
String html = new File(state, 'report.html').text
['CORE-001', 'CORE-004', 'WEB-001', 'WEB-004'].each { assert html.contains(it) }
assert !html.contains('http:') && !html.contains('https:')

// The base branch holds the work: every task's .DONE and what the demo agent wrote.
List<String> files = git(basedir, 'ls-tree', '-r', '--name-only', 'main').readLines()
['tasks/core/CORE-001-money', 'tasks/core/CORE-004-price-formatter', 'tasks/web/WEB-001-html-escaping',
 'tasks/web/WEB-004-sitemap'].each { assert files.contains(it + '/.DONE') : "${it}/.DONE not on main" }
assert files.count { it.startsWith('src/main/java/demo/') && it.endsWith('.java') } == 8
assert files.contains('FEATURES.md')
// Integration fast-forwarded the checked-out branch and left nothing behind.
assert gitStatus(basedir).trim().isEmpty() : gitStatus(basedir)
assert git(basedir, 'worktree', 'list', '--porcelain').readLines().count { it.startsWith('worktree ') } == 1
return true
