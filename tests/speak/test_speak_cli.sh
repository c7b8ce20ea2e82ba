#!/bin/sh
# `phat speak` from the command line: one line out per line in, stdin or a
# file, --mien-nam, --tu-dien, the lexicon beside the document (never the
# working directory's), the front matter not read aloud, every class a
# commune's text holds, and the exit status of bad input and usage.
# (tests/unit/test_speak.c reads tests/speak/pairs.tsv, the full table.)
PHAT=${PHAT:-./phat}
case $PHAT in /*) ;; *) PHAT=$(pwd)/$PHAT ;; esac
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
ok() { echo "ok - $*"; }
no() { echo "not ok - $*"; }
check() { # what got want
	if [ "$2" = "$3" ]; then ok "$1"; else no "$1"; echo "#   got:  $2"; echo "#   want: $3"; fi
}
say() { printf '%s\n' "$1" | "$PHAT" speak; }

printf 'UBND xã có 1.168 người.\n\nĐạt 50%% lúc 14h30.\n' >"$t/in.txt"
out=$("$PHAT" speak <"$t/in.txt"); rc=$?
check "stdin: status 0" "$rc" 0
check "stdin: three lines out for three in" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 3
check "stdin: first line (built-in lexicon)" "$(printf '%s\n' "$out" | sed -n 1p)" "Ủy ban nhân dân xã có một nghìn một trăm sáu mươi tám người."
check "stdin: empty line kept" "$(printf '%s\n' "$out" | sed -n 2p)" ""
check "stdin: third line" "$(printf '%s\n' "$out" | sed -n 3p)" "Đạt năm mươi phần trăm lúc mười bốn giờ ba mươi phút."

check "a file argument" "$("$PHAT" speak "$t/in.txt" | sed -n 3p)" "Đạt năm mươi phần trăm lúc mười bốn giờ ba mươi phút."
check "--mien-nam" "$(echo 'có 1.105 hộ' | "$PHAT" speak --mien-nam)" "có một ngàn một trăm lẻ năm hộ"

printf 'UBND = U-bê-en-dê\n' >"$t/lex.txt"
check "--tu-dien adds a lexicon over the built-in one" \
	"$(echo 'UBND và HĐND xã' | "$PHAT" speak --tu-dien "$t/lex.txt")" "U-bê-en-dê và Hội đồng nhân dân xã"

# ---- the lexicon beside the document, run from another working directory ----
mkdir -p "$t/noi-dung/thon-a" "$t/noi-dung/thon-b" "$t/cwd"
printf 'co_quan: Ủy ban nhân dân xã Thử\n' >"$t/noi-dung/phat.yaml"
printf 'TCNS = tổ công nghệ số\nHTX = hợp tác xã của xã\n' >"$t/noi-dung/tu-dien-loa.txt"
printf 'HTX = hợp tác xã thôn A\n' >"$t/noi-dung/thon-a/tu-dien-loa.txt"
printf 'TCNS gặp HTX và UBND.\n' >"$t/noi-dung/thon-a/loa.md"
printf 'TCNS gặp HTX và UBND.\n' >"$t/noi-dung/thon-b/loa.md"
printf 'UBND = sai\nTCNS = sai\nHTX = sai\n' >"$t/cwd/tu-dien-loa.txt"
got=$(cd "$t/cwd" && "$PHAT" speak "$t/noi-dung/thon-a/loa.md")
check "the lexicon beside the document wins, then the content folder's; the working directory's is never read" \
	"$got" "Tổ công nghệ số gặp hợp tác xã thôn A và Ủy ban nhân dân."
got=$(cd "$t/cwd" && "$PHAT" speak "$t/noi-dung/thon-b/loa.md")
check "a document without its own lexicon gets the content folder's" "$got" "Tổ công nghệ số gặp hợp tác xã của xã và Ủy ban nhân dân."
got=$(cd "$t/noi-dung/thon-a" && "$PHAT" speak loa.md)
check "a relative path from the document's folder" "$got" "Tổ công nghệ số gặp hợp tác xã thôn A và Ủy ban nhân dân."
got=$(cd "$t/cwd" && printf 'UBND và HTX\n' | "$PHAT" speak)
check "stdin reads no lexicon file of the working directory" "$got" "Ủy ban nhân dân và hợp tác xã"

# ---- front matter: not read aloud; tu_dien and mien honoured ----
printf 'HTX = hợp tác xã riêng\n' >"$t/noi-dung/thon-a/rieng.txt"
cat >"$t/noi-dung/thon-a/fm.md" <<'EOF'
---
loai: loa
tu_dien: rieng.txt
mien: nam
trich_yeu: thông báo 2025
---
# II. THÔNG BÁO

HTX có 105 hộ.
EOF
got=$(cd "$t/cwd" && "$PHAT" speak "$t/noi-dung/thon-a/fm.md")
check "the front matter is not read; tu_dien names the lexicon, mien: nam reads lẻ; a heading's # is dropped" \
	"$got" "$(printf 'Hai. THÔNG BÁO\n\nHợp tác xã riêng có một trăm lẻ năm hộ.')"
printf -- '---\nloai: loa\ntu_dien: khong-co.txt\n---\nChữ.\n' >"$t/noi-dung/thon-a/sai.md"
err=$("$PHAT" speak "$t/noi-dung/thon-a/sai.md" 2>&1 >/dev/null); rc=$?
check "a tu_dien naming no file: status 1" "$rc" 1
case $err in *"sai.md:3:"*"error: the lexicon \"khong-co.txt\" named here cannot be read"*) ok "the message names file:line";;
	*) no "the message names file:line"; echo "#   got: $err";; esac

# ---- pasted text: soft hyphens, look-alike letters ----
check "a soft hyphen never reaches the spoken text" "$(printf 'UB\302\255ND x\303\243 ch\341\273\257 k\303\275 s\302\255\341\273\221\n' | "$PHAT" speak)" "Ủy ban nhân dân xã chữ ký số"
check "Ð (U+00D0) is read as Đ" "$(printf '\303\220T: 0912345678\n' | "$PHAT" speak 2>/dev/null)" "Điện thoại: không chín một hai ba bốn năm sáu bảy tám"

# ---- the classes a commune's text holds (one or two each; pairs.tsv has the rest) ----
check "signs: a fall in per cent" "$(say 'Tỷ lệ -2,5 % so với tháng trước')" "Tỷ lệ giảm hai phẩy năm phần trăm so với tháng trước"
check "signs: below zero" "$(say 'Nhiệt độ -5 °C')" "Nhiệt độ âm năm độ xê"
check "units: km/h" "$(say 'Chạy dưới 120 km/h.')" "Chạy dưới một trăm hai mươi ki lô mét trên giờ."
check "units: ha, m²" "$(say 'Diện tích 2 ha và 500m²')" "Diện tích hai héc ta và năm trăm mét vuông"
check "units win over the lexicon after a number" "$(say 'Thẻ 1 TB, xem TB số 5')" "Thẻ một tê ra bai, xem Thông báo số năm"
check "money: spaced thousands, đồng" "$(say 'Hỗ trợ 9 000 000 đồng/hộ')" "Hỗ trợ chín triệu đồng một hộ"
check "money: 500k, 1,5 triệu, USD" "$(say 'Phí 500k, 1,5 triệu đồng hoặc 10 USD')" "Phí năm trăm nghìn, một phẩy năm triệu đồng hoặc mười đô la"
check "big numbers" "$(say 'Ngân sách 1000000000 đồng, vốn 1.200.000.000.000 đồng')" "Ngân sách một tỷ đồng, vốn một nghìn hai trăm tỷ đồng"
check "fractions against dates" "$(say '2/3 số hộ đăng ký từ ngày 2/3')" "Hai phần ba số hộ đăng ký từ ngày hai tháng ba"
check "dates with . and -, mùng" "$(say 'Hạn 27-02, kỳ 02.2025, mùng 8/3')" "Hạn ngày hai mươi bảy tháng hai, kỳ tháng hai năm hai nghìn hai mươi lăm, mùng tám tháng ba"
check "times: seconds and compact forms" "$(say 'Lúc 12:30:45, 17h30p, trong 20p, 7g30')" "Lúc mười hai giờ ba mươi phút bốn mươi lăm giây, mười bảy giờ ba mươi phút, trong hai mươi phút, bảy giờ ba mươi phút"
check "telephones: +84, landline, 1900, emergency" "$(say 'Gọi +84 912 345 678, 0262 3 123 456, 1900 1234 hoặc 113')" "Gọi cộng tám bốn chín một hai ba bốn năm sáu bảy tám, không hai sáu hai ba một hai ba bốn năm sáu, một chín không không một hai ba bốn hoặc một một ba"
check "e-mail read out" "$(say 'Gửi vanphong@tanthanh.gov.vn.')" "Gửi vanphong a còng tanthanh chấm gov chấm vn."
check "a link nobody named: its site, no claim where it was posted" "$(say 'Xem https://tanthanh.hatinh.gov.vn/tin-tuc')" "Xem trang tanthanh chấm hatinh chấm gov chấm vn"
check "document numbers: the number read, the ký hiệu by the lexicon" "$(say 'Công văn số 173/STTTT-CNTT')" "Công văn số một trăm bảy mươi ba Sở Thông tin và Truyền thông công nghệ thông tin"
check "document numbers: a kind of document, a part nobody named spelled" "$(say 'Tờ trình số 12/TTr-XYZ')" "Tờ trình số mười hai tờ trình ích y dét"
check "roman numerals after thế kỉ" "$(say 'thế kỉ XXI')" "thế kỉ hai mươi mốt"
check "abbreviations of administration" "$(say 'V/v mời đ/c dự họp T7 và CN, v.v.')" "Về việc mời đồng chí dự họp thứ bảy và chủ nhật, vân vân"

# ---- bad input and usage ----
printf 'UBND Ủy ban nhân dân\n' >"$t/bad.txt"
err=$(echo 'x' | "$PHAT" speak --tu-dien "$t/bad.txt" 2>&1 >/dev/null); rc=$?
check "a lexicon line without = : status 1" "$rc" 1
case $err in *"bad.txt:1:1: error: this lexicon line has no \"=\""*) ok "the lexicon error names file:line:col";;
	*) no "the lexicon error names file:line:col"; echo "#   got: $err";; esac

"$PHAT" speak --khong-co >/dev/null 2>&1; check "an unknown option: status 2" "$?" 2
"$PHAT" speak "$t/khong-co.txt" >/dev/null 2>&1; check "a missing file: status 2" "$?" 2
"$PHAT" speak --tu-dien "$t/khong-co.txt" <"$t/in.txt" >/dev/null 2>&1; check "a missing lexicon: status 2" "$?" 2
printf 'sai \377\n' | "$PHAT" speak >/dev/null 2>&1; check "text that is not UTF-8: status 1" "$?" 1
