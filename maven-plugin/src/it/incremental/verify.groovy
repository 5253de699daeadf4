// Incremental generation: a second build regenerates nothing; a touched file with the same content
// regenerates nothing; a changed spec rewrites only its own classes; a deleted spec loses them.
// Further builds use the invoker's local repository and, like the invoker, the outer build's
// repository as a file:// mirror: no network.
def settings = new File(basedir, 'target/it-settings.xml')
settings.text = """<settings><mirrors><mirror><id>outer</id><mirrorOf>*</mirrorOf>
<url>${new File(outerRepository).toURI()}</url></mirror></mirrors></settings>"""
def mvn = { String... goals ->
    def cmd = [new File(System.getProperty('maven.home'), 'bin/mvn').path, '-B', '-s', settings.path,
               "-Dmaven.repo.local=${localRepositoryPath}".toString()] + goals.toList()
    def process = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true).start()
    def output = process.inputStream.text
    assert process.waitFor() == 0 : output
    return output
}
def out = new File(basedir, 'target/generated-sources/vmodel/dev/vmodel/models')
def alpha = new File(out, 'Alpha.java')
def beta = new File(out, 'Beta.java')
assert alpha.isFile() && beta.isFile()
assert new File(basedir, 'build.log').text.contains('no record of an earlier generation')
def alphaTime = alpha.lastModified()
def betaTime = beta.lastModified()
sleep 1100 // file times have one-second resolution on some file systems

def second = mvn('generate-sources')
assert second.contains('vmodel: 2 specs unchanged since the last build, nothing to generate') : second
assert alpha.lastModified() == alphaTime && beta.lastModified() == betaTime

def betaSpec = new File(basedir, 'src/main/vmodel/beta.vmodel')
betaSpec.setLastModified(System.currentTimeMillis())
def touched = mvn('generate-sources')
assert touched.contains('nothing to generate') : touched

betaSpec.text = betaSpec.text.replace('param dim = 16', 'param dim = 24')
def changed = mvn('generate-sources')
assert changed.contains('vmodel: beta.vmodel changed') : changed
assert changed.contains('vmodel: wrote dev/vmodel/models/Beta.java') : changed
assert !changed.contains('Alpha.java') : changed
assert alpha.lastModified() == alphaTime
assert beta.lastModified() > betaTime
assert beta.text.contains(': 24;')

betaSpec.delete()
def deleted = mvn('generate-sources')
assert deleted.contains('vmodel: beta.vmodel was deleted') : deleted
assert deleted.contains('vmodel: removed dev/vmodel/models/Beta.java') : deleted
assert !beta.exists()
assert alpha.isFile() && alpha.lastModified() == alphaTime
return true
