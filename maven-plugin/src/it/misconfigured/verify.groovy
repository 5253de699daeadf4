// A misconfiguration gets one actionable message, not a stack trace.
def log = new File(basedir, 'build.log').text
assert log.contains("vmodel: <packageName> 'com.example.new' is not a Java package name; use dotted Java identifiers such as com.example.models")
assert !log.contains('at dev.vmodel.')
return true
