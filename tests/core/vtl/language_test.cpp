// The Velocity language core: references, literals, directives, operators, whitespace.
#include <doctest/doctest.h>

#include "tests/core/vtl/vtl_test_util.h"

using gw::vtl::testing::run;

TEST_SUITE("gw::vtl language") {
  TEST_CASE("plain text passes through") {
    CHECK(run("hello {\"a\": 1} # $ 5$ #x") == "hello {\"a\": 1} # $ 5$ #x");
    CHECK(run("") == "");
  }

  TEST_CASE("undefined references render literally; quiet ones render nothing") {
    CHECK(run("a $foo b") == "a $foo b");
    CHECK(run("a ${foo} b") == "a ${foo} b");
    CHECK(run("a $!foo b") == "a  b");
    CHECK(run("a $!{foo} b") == "a  b");
    CHECK(run("$foo.bar.baz()") == "$foo.bar.baz()");
    CHECK(run("#set($m = {})$m.missing") == "$m.missing");
  }

  TEST_CASE("set and references, braces delimit the name") {
    CHECK(run("#set($a = 'x')$a ${a}y $a.length()") == "x xy 1");
    CHECK(run("#set($a = \"v\")${a}bc") == "vbc");
    CHECK(run("#set($a = 1)$a.") == "1.");
  }

  TEST_CASE("string literals: double quotes interpolate, single quotes do not") {
    CHECK(run("#set($n = 'w')#set($s = \"hi $n!\")$s") == "hi w!");
    CHECK(run("#set($n = 'w')#set($s = 'hi $n')$s") == "hi $n");
    CHECK(run("#set($s = \"a $undefined b\")$s") == "a $undefined b");
    // Velocity 1.7: a backslash-quote does not end the literal and is kept as written.
    CHECK(run("#set($s = \"say \\\"hi\\\"\")$s") == "say \\\"hi\\\"");
    CHECK(run("#set($s = 'it\\'s')$s") == "it\\'s");
    CHECK(run("#set($s = 'dir\\')$s") == "dir\\");
  }

  TEST_CASE("numbers, booleans, arithmetic") {
    CHECK(run("#set($a = 7)#set($b = 2)${a}+${b}: $a + $b") == "7+2: 7 + 2");
    CHECK(run("#set($x = $a)#set($a = 7)#set($b = 2)#set($c = $a + $b * 3)$c") == "13");
    CHECK(run("#set($c = 7 / 2)$c #set($d = 7 % 3)$d #set($e = -7 / 2)$e") == "3 1 -3");
    CHECK(run("#set($c = 1.5 * 2)$c") == "3.0");
    CHECK(run("#set($c = (1 + 2) * 3)$c") == "9");
    CHECK(run("#set($c = 1 / 0)$c") == "$c");  // division by zero is null; #set skips null
  }

  TEST_CASE("string concatenation with +") { CHECK(run("#set($s = 'a' + 1 + 'b')$s") == "a1b"); }

  TEST_CASE("comparison and logic, symbols and words") {
    CHECK(run("#if(1 < 2 && 2 <= 2 and 3 > 2 && 3 >= 3)y#{else}n#end") == "y");
    CHECK(run("#if(1 lt 2 and 2 le 2 and 3 gt 2 and 3 ge 3)y#{else}n#end") == "y");
    CHECK(run("#if(1 == 1.0 && 'a' eq 'a' && 'a' != 'b' && 1 ne 2)y#{else}n#end") == "y");
    CHECK(run("#if(!true || not false)y#{else}n#end") == "y");
    CHECK(run("#if(false or $undefined)y#{else}n#end") == "n");
    CHECK(run("#if('1' == 1)y#{else}n#end") == "y");  // different types compare by toString
  }

  TEST_CASE("if / elseif / else, truthiness") {
    const char* t = "#if($v == 1)one#elseif($v == 2)two#{else}other#end";
    CHECK(run("#set($v = 1)" + std::string(t)) == "one");
    CHECK(run("#set($v = 2)" + std::string(t)) == "two");
    CHECK(run("#set($v = 3)" + std::string(t)) == "other");
    CHECK(run("#if($nothing)y#{else}n#end") == "n");
    CHECK(run("#if('')y#{else}n#end") == "y");  // Velocity 1.7: only null and false are false
    CHECK(run("#set($z = 0)#if($z)y#{else}n#end") == "y");
  }

  TEST_CASE("foreach with $foreach.* and $velocityCount") {
    CHECK(run("#foreach($x in [1, 2, 3])$x#if($foreach.hasNext),#end#end") == "1,2,3");
    CHECK(run("#foreach($x in ['a','b'])$foreach.index$foreach.count$velocityCount #end") ==
          "011 122 ");
    CHECK(run("#foreach($x in [1..3])$x#end|#foreach($x in [3..1])$x#end") == "123|321");
    CHECK(run("#foreach($x in {'a': 1, 'b': 2})$x#end") == "12");
    CHECK(run("#foreach($x in $undefined)x#end.") == ".");
    CHECK(run("#foreach($x in [1,2])#if($foreach.first)F#end#if($foreach.last)L#end#end") == "FL");
  }

  TEST_CASE("foreach restores the loop variable; nested loops") {
    CHECK(run("#set($x = 'o')#foreach($x in [1])$x#end$x") == "1o");
    CHECK(run("#foreach($a in [1,2])#foreach($b in ['x','y'])$a$b#end;#end") == "1x1y;2x2y;");
  }

  TEST_CASE("break and stop") {
    CHECK(run("#foreach($x in [1,2,3])#if($x == 2)#break#end$x#end.") == "1.");
    CHECK(run("a#stop b") == "a");
    CHECK(run("#foreach($x in [1,2,3])$x#if($x == 2)#stop#end#end.") == "12");
  }

  TEST_CASE("comments and unparsed content") {
    CHECK(run("a## line comment\nb") == "ab");
    CHECK(run("a#* block\ncomment *#b") == "ab");
    CHECK(run("#[[$not #if parsed]]#") == "$not #if parsed");
  }

  TEST_CASE("escapes") {
    CHECK(run("#set($a = 1)\\$a") == "$a");
    CHECK(run("\\$undefined") == "\\$undefined");
    CHECK(run("#set($a = 1)\\\\$a") == "\\1");
    CHECK(run("\\#if(true)") == "#if(true)");
  }

  TEST_CASE("lists and maps: literals, index, methods, Java printing") {
    CHECK(run("#set($l = [1, 'a', true])$l $l[1] $l.size() $l.get(0)") == "[1, a, true] a 3 1");
    CHECK(run("#set($m = {'k': 'v', 'n': 2})$m $m.k $m['n'] $m.get('k') $m.size()") ==
          "{k=v, n=2} v 2 v 2");
    CHECK(run("#set($l = [])#set($d = $l.add('x'))$l") == "[x]");
    CHECK(run("#set($m = {})#set($d = $m.put('a', 1))$m.containsKey('a') $m.keySet()") ==
          "true [a]");
    CHECK(run("#set($m = {'a': 1})#foreach($e in $m.entrySet())$e.key=$e.value#end") == "a=1");
    CHECK(run("#set($m = {'a': {'b': 1}})#set($m.a.c = 2)$m") == "{a={b=1, c=2}}");
    CHECK(run("#set($l = [1,2])#set($l[0] = 5)$l") == "[5, 2]");
  }

  TEST_CASE("string methods") {
    CHECK(run("#set($s = ' Hello World ')$s.trim().toUpperCase()") == "HELLO WORLD");
    CHECK(run("#set($s = 'abcdef')$s.substring(1, 3) $s.substring(4) $s.indexOf('cd')") ==
          "bc ef 2");
    CHECK(run("#set($s = 'a-b-c')$s.replace('-', '+') $s.split('-') $s.split('-').size()") ==
          "a+b+c [a, b, c] 3");
    CHECK(run("#set($s = 'a1b22')$s.replaceAll('[0-9]+', '#') $s.matches('[a-z0-9]+')") ==
          "a#b# true");
    CHECK(run("#set($s = 'John Smith')$s.replaceAll('(\\w+) (\\w+)', '$2, $1')") == "Smith, John");
    CHECK(run("#set($s = 'abc')$s.startsWith('ab') $s.endsWith('bc') $s.contains('x') "
              "$s.isEmpty() $s.equals('abc') $s.length()") == "true true false false true 3");
    CHECK(run("#set($s = 'abc')$s.substring(5)")
              .starts_with("ERROR: template 1:19: StringIndexOutOfBounds"));
  }

  TEST_CASE("bean properties map to getters") {
    CHECK(run("#set($l = [])$l.empty #set($s = '')$s.empty") == "true true");
  }

  TEST_CASE("whitespace: a directive eats the line end after it, not the indentation") {
    // As Velocity 1.7 and velocityjs render them (checked against velocityjs).
    CHECK(run("{\n  #set($a = 1)\n  \"a\": $a\n}") == "{\n    \"a\": 1\n}");
    CHECK(run("#foreach($x in [1,2])\n  $x\n#end\n") == "  1\n  2\n");
    CHECK(run("#if(true)\nyes\n#else\nno\n#end\n") == "yes\n");
    CHECK(run("{\n  #if(false)\n  a\n  #elseif(true)\n  b\n  #end\n}") == "{\n    b\n  }");
    CHECK(run("x #if(true)y#end z") == "x y z");
    CHECK(run("#if(true)x#end\nb") == "xb");
    CHECK(run("#set($x = 1) \nb") == "b");
    CHECK(run("a #* c *#\nb") == "a b");
    CHECK(run("  ## comment\nb") == "  b");
  }
}

TEST_SUITE("gw::vtl errors") {
  TEST_CASE("parse errors carry the template line:col") {
    CHECK(run("ok\n  #if(true)x") == "ERROR: template 2:3: #if without #end");
    CHECK(run("#end") == "ERROR: template 1:1: #end without a matching #if or #foreach");
    CHECK(run("#set($a = )") == "ERROR: template 1:11: expected an expression");
    CHECK(run("#set($a = 'x)") == "ERROR: template 1:11: unterminated string literal");
    CHECK(run("a #* open") == "ERROR: template 1:3: unterminated comment #*");
    CHECK(run("#macro(x)#end").starts_with("ERROR: template 1:1: #macro is not supported"));
  }

  TEST_CASE("errors map into the spec: origin line + template line - 1") {
    gw::SourceLoc origin;
    origin.file = std::make_shared<const std::string>("api.yaml");
    origin.line = 40;
    origin.column = 9;
    auto t = gw::vtl::parse("line1\nline2 #if(", origin);
    REQUIRE_FALSE(t);
    CHECK(t.error().where.str() == "api.yaml:41:11");
    auto t1 = gw::vtl::parse("#foreach(", origin);
    REQUIRE_FALSE(t1);
    CHECK(t1.error().where.str() == "api.yaml:40:18");
  }

  TEST_CASE("deep nesting is refused, not a stack overflow") {
    std::string deep(5000, '(');
    CHECK(run("#set($a = " + deep + ")").starts_with("ERROR: "));
    std::string ifs;
    for (int i = 0; i < 1000; ++i) {
      ifs += "#if(true)";
    }
    CHECK(run(ifs).starts_with("ERROR: "));
  }
}
