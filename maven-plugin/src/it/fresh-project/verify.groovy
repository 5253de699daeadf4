// A fresh project: the spec is generated, compiled and the model instantiated by its test.
def generated = new File(basedir, 'target/generated-sources/vmodel/com/example/models/TinyMixer.java')
assert generated.isFile() : "no generated model at $generated"
assert generated.text.contains('public static Builder small()')
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.TinyMixerTest.xml')
assert report.isFile() : 'the test that instantiates the model did not run'
assert report.text.contains('tests="1"') && report.text.contains('failures="0"') && report.text.contains('errors="0"')
def log = new File(basedir, 'build.log').text
assert log.contains('vmodel: wrote com/example/models/TinyMixer.java')
assert log.contains('BUILD SUCCESS')
return true
