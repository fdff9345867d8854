package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"s3parts/model"
	"s3parts/provider"
)

// The checksum the new object's upload is created with (issue 14): by
// default the source's whole-object checksum, so the server itself proves
// the copy equal to the source at Complete. A source without one gets
// none: on most services other than AWS (ChecksumWhenRequired) asking for
// a checksum the server may not support is left to the person, and a
// server that reports a checksum on the source supports them.

func addChecksumFlag(fl *pflag.FlagSet, v *string) {
	fl.StringVar(v, "checksum", "", "checksum algorithm the upload is created with: CRC64NVME, CRC32, CRC32C, SHA1, SHA256 or none\n"+
		"(default: the source's, when it has a whole-object checksum, which the server then checks the copy against)")
}

// parseChecksumFlag checks --checksum before anything is sent.
func parseChecksumFlag(f copyFlags) (string, error) {
	if f.checksum == "" {
		return "", nil
	}
	if f.uploadID != "" {
		return "", usagef("--checksum %s is chosen when an upload is created: the upload given by --upload-id keeps its own", f.checksum)
	}
	c, err := model.ParseChecksumChoice(f.checksum)
	if err != nil {
		return "", usagef("--checksum: %v", err)
	}
	return c, nil
}

// applyChecksum puts the source's checksum and the person's choice into
// the plan; the new object's algorithm follows from them (model.Target).
func applyChecksum(plan *model.Plan, info model.ObjectInfo, in copyInput, p provider.Preset) {
	plan.SourceAttrs.Checksum = info.Checksum
	plan.Target.Checksum = in.checksum
	if in.checksum == "" && !p.PartCopyChecksums {
		// Not known to work here: asked for only with --checksum.
		plan.Target.Checksum = model.ChecksumNone
	}
}

// sourceChecksumText names the source's checksum in a dry run's line.
func sourceChecksumText(src model.Checksum) string {
	if src.Algorithm == "" {
		return "the source has none"
	}
	return "the source's is " + src.String()
}

// checksumPlanLine is the dry run's line on checksums.
func checksumPlanLine(plan model.Plan, p provider.Preset) string {
	if src := plan.SourceAttrs.Checksum; plan.Target.Checksum == model.ChecksumNone && src.IsFullObject() && !p.PartCopyChecksums {
		return fmt.Sprintf("none: the source has %s, but the %s provider is not known to keep checksums on part copies (--checksum %s asks for it; verified by size and ETag or part count)",
			src, p.Name, src.Algorithm)
	}
	n, src := plan.NewObject(), plan.SourceAttrs.Checksum
	had := sourceChecksumText(src)
	switch {
	case n.ChecksumAlgorithm == "":
		return "none (" + had + "): verified by size and ETag or part count"
	case plan.ExpectedChecksum().Value != "":
		return n.ChecksumAlgorithm + " (" + n.ChecksumType + "): the server checks the new object against the source's " + src.Value
	}
	return n.ChecksumAlgorithm + " (" + n.ChecksumType + ") for each part; " + had
}
