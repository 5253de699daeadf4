// The summary goal prints the table and writes summary.md and summary.json with exact counts.
import groovy.json.JsonSlurper
def log = new File(basedir, 'build.log').text
assert log.contains('Small / wide')
assert log =~ /total +vector\[3\] +195 +176/
def json = new JsonSlurper().parse(new File(basedir, 'target/vmodel/summary.json'))
assert json.size() == 2
def byVariant = json.collectEntries { [(it.variant): it] }
assert byVariant.narrow.params == 8 * 4 + 4 + 4 * 3 + 3   // 51
assert byVariant.wide.params == 195
assert byVariant.wide.macs == 8 * 16 + 16 * 3          // 176
assert byVariant.wide.layers.size() == 3
def md = new File(basedir, 'target/vmodel/summary.md').text
assert md.contains('### Small / narrow') && md.contains('| **total** | vector[3] | **195** |')
return true
