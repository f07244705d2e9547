#!/bin/bash
# tests/user/debian/perl.sh TERN CACHE [ENGINE] — Debian's perl 5.36: regexes,
# hashes in sorted order, sprintf of doubles, pack/unpack with explicit byte
# orders, Digest::MD5 and List::Util (XS modules), file I/O, die's status.
# The native side runs the amd64 perl from the cache; its @INC names the
# same /usr paths the host's perl (same Debian version) fills in.
. "$(dirname "$0")/lib.sh"
need /usr/bin/perl
cat >"$seed/prog.pl" <<'PL'
use strict; use warnings;
use Digest::MD5 qw(md5_hex); use List::Util qw(sum max shuffle reduce); use POSIX qw(floor fmod);
my %count;
open(my $in, '<', 'data.txt') or die "open: $!";
while (my $l = <$in>) { chomp $l; $count{$_}++ for ($l =~ /(\w)/g); }
close $in;
print join(",", map { "$_=$count{$_}" } sort keys %count), "\n";
my @n = map { ($_ * 7919) % 1009 } 1 .. 3000;
printf "%d %d %.6f %s\n", sum(@n), max(@n), sum(@n) / @n, reduce { $a ^ $b } @n;
print md5_hex(join(":", @n)), "\n";
printf "%.15g %e %g %s %s\n", 4 * atan2(1, 1), 1 / 3, 1e21, 0.1 + 0.2, 2 ** 52 + 0.5;
print unpack("H*", pack("N n V v", 0xdeadbeef, 258, 0xdeadbeef, 258)), "\n";
print floor(-2.5), " ", fmod(10, 3), " ", int(-7 / 2), " ", -7 % 3, " ", 10 ** 15, "\n";
(my $s = "The quick brown fox") =~ s/(\w+)/\u\L$1/g;
print "$s ", scalar reverse("stressed"), " ", join("|", split /\s*,\s*/, "a , b,c"), "\n";
my @sorted = sort { length($a) <=> length($b) or $a cmp $b } qw(pear fig apple kiwi banana);
print "@sorted\n";
open(my $out, '>', 'out.txt') or die; print $out "line $_\n" for 1 .. 3; close $out;
print -s 'out.txt', "\n";
my $big = 1; $big *= $_ for 1 .. 12; print "$big\n";
print STDERR "to stderr\n";
exit 6;
PL
printf 'alpha beta\ngamma delta\nepsilon\n' >"$seed/data.txt"
seal
check script /dev/null /usr/bin/perl prog.pl
check oneliner "$seed/data.txt" /usr/bin/perl -lne 'print scalar reverse $_; END { print $. }'
check inplace /dev/null /usr/bin/perl -pi -e 's/a/A/g' data.txt
check die /dev/null /usr/bin/perl -e 'die "bad thing\n"'
check syntax /dev/null /usr/bin/perl -e 'print ((('
finish
