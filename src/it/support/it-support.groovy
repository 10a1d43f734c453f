// Helpers shared by the IT hooks, loaded with
//     evaluate(new File(orchProjectDir, 'src/it/support/it-support.groovy'))
// (orchProjectDir is a scriptVariable set in the plugin's POM). The closures land in the hook's binding.
//
// The invoker clones each IT project without any .git of its own, so the hooks make real repositories here.
// git runs hermetically (no user or system config) with an explicit identity, as CI machines have none.

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

git = { File dir, String... args ->
    List<String> command = ['git', '-C', dir.absolutePath] + args.toList()
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
    builder.environment().putAll([GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C'])
    Process process = builder.start()
    process.outputStream.close()
    String output = process.inputStream.text
    if (process.waitFor() != 0) {
        throw new IllegalStateException("${command.join(' ')} failed: ${output}")
    }
    return output
}

/** git init + one commit of everything in dir; build.log (written by the invoker) is excluded locally. */
commitAll = { File dir ->
    git(dir, 'init', '-q', '-b', 'main')
    git(dir, 'config', 'user.name', 'Orch IT')
    git(dir, 'config', 'user.email', 'orch-it@localhost')
    new File(dir, '.git/info').mkdirs()
    new File(dir, '.git/info/exclude').text = 'build.log\n'
    git(dir, 'add', '-A')
    git(dir, 'commit', '-q', '-m', 'IT fixture')
}

/** Everything git would report as changed, untracked or staged (ignored files excluded). */
gitStatus = { File dir -> git(dir, 'status', '--porcelain', '--untracked-files=all') }

/** Copies the plugin's bundled example (src/example) into target, overwriting what is there. */
copyExample = { File target ->
    Path source = new File(orchProjectDir, 'src/example').toPath()
    if (!Files.isDirectory(source)) {
        throw new IllegalStateException("no bundled example at ${source}")
    }
    Files.walk(source).withCloseable { paths ->
        paths.each { Path from ->
            Path to = target.toPath().resolve(source.relativize(from).toString())
            if (Files.isDirectory(from)) {
                Files.createDirectories(to)
            } else {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING)
            }
        }
    }
}

return true
