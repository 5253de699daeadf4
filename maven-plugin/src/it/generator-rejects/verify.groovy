// Two specs that each validate alone but cannot be generated together (both define model Net):
// the build fails with one located line with an issue code, no stack trace, and writes nothing.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('vmodel: 1 error in the specs:')
assert log =~ /src\/main\/vmodel\/b\.vmodel:2:7: error: model 'Net' is also defined at \S*src\/main\/vmodel\/a\.vmodel:1:7; specs generated together share one Java package, so their model and block names must differ \[vmodel\.duplicate-name\]/
assert !log.contains('\tat ') : 'no stack trace'
assert !log.contains('Exception') || log.contains('MojoFailureException')
assert !log.contains('Net2')
assert !new File(basedir, 'target/generated-sources/vmodel/dev').exists() : 'nothing may be generated'
return true
