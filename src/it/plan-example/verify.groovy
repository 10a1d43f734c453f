import groovy.json.JsonSlurper

String log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert log.contains('Wave 1 (')
assert log.contains('Wave 2 (')
assert log.contains('Wave 3 (')
assert !log.contains('Wave 4 (')
// CORE-003 and CORE-004 both have FEATURES.md in their file scope: they share a lane.
assert log =~ /lane \d \[weight 3\]: CORE-003, CORE-004/
assert log.contains('Total: 8 tasks, 3 waves')
assert log.contains('Plan written to target/orchestrate/plan.json and target/orchestrate/plan.mmd')

File state = new File(basedir, 'target/orchestrate')
def plan = new JsonSlurper().parse(new File(state, 'plan.json'))
assert plan.waves.size() == 3
String mermaid = new File(state, 'plan.mmd').text
['CORE-001', 'CORE-004', 'WEB-003', 'WEB-004'].each { assert mermaid.contains(it) }
// The archived, complete CORE-000 is not planned.
assert !log.contains('CORE-000')
return true
