evaluate(new File(orchProjectDir, 'src/it/support/it-support.groovy'))

copyExample(basedir)
commitAll(basedir)
return true
