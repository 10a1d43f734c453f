evaluate(new File(orchProjectDir, 'src/it/support/it-support.groovy'))

commitAll(basedir)
// Kept inside .git, where it is neither part of the work tree nor of `git status`.
new File(basedir, '.git/orch-it-status-before').text = gitStatus(basedir)
return true
