String log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
// One line: the reason and the fix.
assert log =~ /\[ERROR\] Failed to execute goal .*:plan \(default-cli\) on project plan-outside-git: \S*plan-outside-git is not inside a git work tree; run `git init` or run Orch from inside a repository -> \[Help 1\]/
assert !new File(basedir, 'target/orchestrate').exists()
return true
