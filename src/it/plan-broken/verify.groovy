evaluate(new File(orchProjectDir, 'src/it/support/it-support.groovy'))

String log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
assert log.contains('The backlog has 4 problems; nothing was planned or changed:')
// Every problem, one line each, with its code, the file (relative to the project) and the fix.
assert log =~ /ORCH-E006 DUPLICATE_ID tasks\/app\/APP-00[12]-[a-z-]+\/PROMPT\.md: .*APP-001.* Fix: /
assert log =~ /ORCH-E007 UNKNOWN_DEPENDENCY tasks\/app\/APP-003-typo\/PROMPT\.md: .*APP-099.* Fix: /
assert log =~ /ORCH-E009 SELF_DEPENDENCY tasks\/app\/APP-006-narcissus\/PROMPT\.md: .* Fix: /
assert log =~ /ORCH-E010 CYCLE tasks\/app\/APP-00[45]-[a-z]+\/PROMPT\.md: .*APP-004.*APP-005.* Fix: /

// Nothing was written: not the plan, not anything else git would see.
assert !new File(basedir, 'target/orchestrate').exists()
assert gitStatus(basedir) == new File(basedir, '.git/orch-it-status-before').text
return true
