String log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
assert log.contains('Wave 1 (')
assert log.contains('lane 1 [weight 1]: SHOP-001')
assert log.contains('Wave 2 (')
assert log.contains('lane 1 [weight 2]: SHOP-002')
assert new File(basedir, 'apps/shop/target/orchestrate/plan.json').isFile()
assert !new File(basedir, 'target').exists() : 'the state belongs to the project folder, not the repository root'
return true
