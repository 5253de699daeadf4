// A spec with errors fails the build, and the log holds every file:line:col line.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('vmodel: 2 errors in the specs:')
assert log =~ /src\/main\/vmodel\/broken\.vmodel:4:3: error: kernel 4 with stride 4 and padding 0 does not tile the height 30.* \[vmodel\.does-not-tile\]/
assert log =~ /src\/main\/vmodel\/typo\.vmodel:5:3: error: unknown layer, block or value 'lienar'; did you mean 'linear'\? \[vmodel\.unknown-name\]/
assert !new File(basedir, 'target/generated-sources/vmodel/dev/vmodel/models').exists() : 'nothing may be generated'
assert !log.contains('Exception') || log.contains('MojoFailureException')
return true
