import groovy.json.JsonSlurper

evaluate(new File(orchProjectDir, 'src/it/support/it-support.groovy'))

String log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert log.contains('driver process')
assert log =~ /Batch \d{8}-\d{6}(-\d+)? completed: 8 succeeded, 0 failed, 0 blocked, 0 skipped/

// Every pending task of the example is done on main, with the demo agent's classes and tests.
List<String> onMain = git(basedir, 'ls-tree', '-r', '--name-only', 'main').readLines()
List<String> tasks = ['core/CORE-001-money', 'core/CORE-002-sku', 'core/CORE-003-cart', 'core/CORE-004-price-formatter',
                      'web/WEB-001-html-escaping', 'web/WEB-002-product-page', 'web/WEB-003-cart-page',
                      'web/WEB-004-sitemap']
tasks.each { assert onMain.contains("tasks/${it}/.DONE".toString()) : "no .DONE of ${it} on main" }
['Money', 'Sku', 'Cart', 'PriceFormatter', 'Html', 'ProductPage', 'CartPage', 'Sitemap'].each {
    assert onMain.contains("src/main/java/demo/${it}.java".toString()) : "no ${it}.java on main"
    assert onMain.contains("src/test/java/demo/${it}Test.java".toString()) : "no ${it}Test.java on main"
}
// CORE-003 and CORE-004 (one lane) both appended to FEATURES.md.
String features = git(basedir, 'show', 'main:FEATURES.md')
assert features.contains('CORE-003') && features.contains('CORE-004')

// main is checked out here and was fast-forwarded: the working tree holds the result and nothing else changed.
assert git(basedir, 'symbolic-ref', '--short', 'HEAD').trim() == 'main'
assert gitStatus(basedir).isEmpty() : gitStatus(basedir)

def state = new JsonSlurper().parse(new File(basedir, 'target/orchestrate/batch-state.json'))
assert state.phase == 'completed'
assert state.tasks.size() == 8
state.tasks.values().each { assert it.status == 'succeeded' }

// Cleanup: only the main worktree is left, and no orch/ branch.
List<String> worktrees = git(basedir, 'worktree', 'list', '--porcelain').readLines().findAll { it.startsWith('worktree ') }
assert worktrees.size() == 1 : worktrees
assert new File(worktrees[0].substring('worktree '.length())).canonicalPath == basedir.canonicalPath
assert git(basedir, 'for-each-ref', '--format=%(refname)', 'refs/heads/orch/').trim().isEmpty()

// The `test` phase that ran after orch:run compiled the agents' work and ran the example's own tests.
assert log =~ /Tests run: 17, Failures: 0, Errors: 0, Skipped: 0/
return true
