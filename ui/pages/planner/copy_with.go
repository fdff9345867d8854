package planner

import (
	"fmt"
	"strings"

	"s3parts/provider"
	"s3parts/ui/common"
)

// The "copy with" field: auto, one (one CopyObject) or parts, as the copy
// command's --single and --multipart choose. Auto copies a source under
// the provider's multipart threshold with one CopyObject
// (Preset.SingleByDefault), unless the plan needs parts: hand-picked
// ranges, an upload to copy into, a part size typed.

// copyWith reads the field: whether the copy is one CopyObject, why, and
// what is wrong with the choice. Before the source is read nothing is
// decided.
func (p *Page) copyWith() (single bool, why string, err error) {
	v := strings.ToLower(strings.TrimSpace(p.inputs[fCopyWith].Value()))
	switch v {
	case "", "auto", "one", "parts":
	default:
		return false, "", fmt.Errorf("%q: auto, one (one CopyObject) or parts", p.inputs[fCopyWith].Value())
	}
	if p.info == nil {
		return false, "", nil
	}
	needsParts := p.needsParts()
	switch v {
	case "one":
		switch {
		case needsParts != "":
			return false, "", fmt.Errorf("one CopyObject has no parts, and %s", needsParts)
		case p.info.Size > provider.MaxCopyObjectSize:
			return false, "", fmt.Errorf("the source is %s; one CopyObject copies at most %s", common.FmtSize(p.info.Size), common.FmtSize(provider.MaxCopyObjectSize))
		}
		return true, "asked", nil
	case "parts":
		if err := p.preset.Limits.CheckPartCopy(); err != nil {
			return false, "", err
		}
		return false, "asked", nil
	}
	if needsParts != "" {
		return false, needsParts, nil
	}
	single, why = p.preset.SingleByDefault(p.info.Size)
	return single, why, nil
}

// needsParts says why the plan can only be copied in parts ("" when it
// can be copied either way).
func (p *Page) needsParts() string {
	switch size, _ := p.partSize(); {
	case p.upload != nil:
		return "this plan copies into upload " + p.upload.UploadID
	case p.custom:
		return "the parts were picked by hand"
	case size > 0:
		return "a part size was given"
	}
	return ""
}

// copyWithText is what the field's line says after it.
func (p *Page) copyWithText() string {
	single, why, err := p.copyWith()
	switch {
	case err != nil || p.info == nil:
		return ""
	case single && why == "asked":
		return "one CopyObject: the whole source in one request, no upload"
	case single:
		return "one CopyObject: " + strings.TrimPrefix(why, "source ")
	case why == "asked":
		return "in parts with UploadPartCopy"
	}
	return "in parts: " + strings.TrimPrefix(why, "source ")
}

// single says whether the plan as it stands is copied with one CopyObject.
func (p *Page) single() bool {
	s, _, err := p.copyWith()
	return err == nil && s
}
