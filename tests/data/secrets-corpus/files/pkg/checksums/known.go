package checksums

var known = map[string]string{
	"release-0.tar.gz": "664e0108984aa1db32d51f98e331da61687c429d583b9744c00d55d92cc269c9",
	"release-1.tar.gz": "7c024e7bb3625e6d21a62ab11ff7f460c8005d2ba0e6d8036096774217e71aae",
	"release-2.tar.gz": "f6e4e03fbf38f88c352f2aa93dfeb114a4bac22275c1b3a0c59d356c00b0c6be",
	"release-3.tar.gz": "038fe5ab6fe8f81ae85798163c5c34b4321b5adc2c51246614155f4e0ff579e0",
	"release-4.tar.gz": "bb0deb814f9a2e64ea2f2c99ab6df9a048497f7c11525a090797b5b257c46861",
	"release-5.tar.gz": "518a2bc010f656201c40989eb423bd880af24f685448a3e7bac5dc9d3836a005",
	"release-6.tar.gz": "399a5a5f829fa2357e9c7a7c8e379857087d811e7af5d445dfdf412fb1240303",
	"release-7.tar.gz": "0343b0154d674056f5a760c8a1a713ae8988343f215e6733b5e25cd3bf14a9be",
	"release-8.tar.gz": "3f6d6dbf9fae1beb12d1dd52ebd0d8982148cdc1cd9081ee71e6af2d77e80f65",
	"release-9.tar.gz": "14fc51b2520c52333c472740e45e0037a77b287b1ddddb226b83682dd0b2d6d3",
}

var ids = []string{
	"687e5a62-19be-45da-ab89-569f96cac1c6",
	"9cd62a81-6bc2-41bf-ad1d-4954f2fdde22",
	"47f66759-903d-4c72-9f47-828e756529f7",
	"f505f04c-e6da-461e-8227-ac0d6adf0854",
	"047369aa-072d-4773-8118-a18d014c27d7",
	"a5336d67-9be4-4fc8-a984-b04ffe2a20be",
	"f2c0123b-3744-4221-b755-52c0596445c5",
	"e511c10c-e32f-4308-979a-4d9fd22eaca2",
}
const md5Fixture0 = "93b885adfe0da089cdf634904fd59f71"  // not a key
const md5Fixture1 = "55a54008ad1ba589aa210d2629c1df41"  // not a key
const md5Fixture2 = "9e688c58a5487b8eaf69c9e1005ad0bf"  // not a key
const md5Fixture3 = "8666683506aacd900bbd5a74ac4edf68"  // not a key
const md5Fixture4 = "ec7f7e7bb43742ce868145f71d37b53c"  // not a key
const md5Fixture5 = "8bb6c17838643f9691cc6a4de6c51709"  // not a key
const sha1Fixture0 = "5ba93c9db0cff93f52b521d7420e43f6eda2784f"
const sha1Fixture1 = "bf8b4530d8d246dd74ac53a13471bba17941dff7"
const sha1Fixture2 = "c4ea21bb365bbeeaf5f2c654883e56d11e43c44e"
const sha1Fixture3 = "9842926af7ca0a8cca12604f945414f07b01e13d"
const sha1Fixture4 = "a42c6cf1de3abfdea9b95f34687cbbe92b9a7383"
const sha1Fixture5 = "8dc00598417d4eb788a77ac6ccef3cb484905d8b"
const fontData = "d09GRgABAAAA7dgGjfLgnlpkx2NLkBiQ64K+jugaOsdWQQ2uDL7hbRwEjeBXqJPnrNvDTrkZXJhMfdo9LoXqnPADS4+oz8mc0iUZFiU0FJ1Bp4FLQxfpfH0rrS+D46TljIpnK9zFmt3F2PZsiTOmkENXmkRLA7TvkElcWVP4p8uEVju+w+NBh5ZbZWrpA1A0jlsPIXe7MatutTnjz2c6"
const gzipped = "H4sIAAAAAAAAG2PdYXAVCtAkZVGjexQ2o4/+2wM06NLitIUze1gmosxCGyknIFIfTsZkBqzSe3SyGcQcH1zfbPOirrPUi5RpgqwUehanvhdSymmzKNVmNKOucw8hNJ5mE2nYqtso+U5/c0RMUSvramuL6o7cFP3CbVPQeByoe2Ds"
