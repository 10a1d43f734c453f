String log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert log.contains('orch:plan')
// Every SPEC section 7 parameter with its user property.
['tasksDirectory', 'areas', 'maxLanes', 'strategy', 'agentCommand', 'driver', 'maxRetries', 'taskTimeout',
 'stallTimeout', 'onTaskFailure', 'onMergeFailure', 'mergeOrder', 'verifyCommand', 'mergeAgentCommand',
 'integration', 'worktreeDirectory', 'failOnTaskFailure', 'skip'].each { name ->
    assert log.contains("User property: orch.${name}\n") || log.contains("User property: orch.${name}\r\n") :
            "orch:help -Ddetail does not list orch.${name}"
}
assert log =~ /maxLanes \(Default: 3\)/
// orch:abort's own parameters.
['abortGracePeriod', 'hard', 'dryRun'].each { assert log.contains("User property: orch.${it}") }

assert log.contains('Skipping Orch (orch.skip=true)')
assert !new File(basedir, 'target/orchestrate').exists()
return true
