// Specs that import another: the shared block is generated once and both models use it.
def out = new File(basedir, 'target/generated-sources/vmodel/dev/vmodel/models')
assert new File(out, 'Net.java').isFile()
assert new File(out, 'Other.java').isFile()
assert new File(out, 'Head.java').isFile()
assert out.listFiles().findAll { it.name.startsWith('Head') }.size() == 1
assert new File(out, 'Net.java').text.contains('new Head(')
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.ImportsTest.xml')
assert report.isFile() && report.text.contains('failures="0"') && report.text.contains('errors="0"')
return true
