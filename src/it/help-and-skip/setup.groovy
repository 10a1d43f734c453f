evaluate(new File(orchProjectDir, 'src/it/support/it-support.groovy'))

commitAll(basedir)
return true
