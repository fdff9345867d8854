package jobs

import (
	"strings"
	"testing"
	"time"

	"s3parts/model"
	"s3parts/provider"
)

// A job stopped because its source changed where nothing guarded the
// parts is not offered to go on with them, and an object found made from
// a changing source is not offered a check that cannot clear it.
func TestNextStepsAfterAnUnguardedSourceChange(t *testing.T) {
	plan := model.Plan{Source: model.Ref{Bucket: "b", Key: "src"}, Dest: model.Ref{Bucket: "b", Key: "dst"}, SourceETag: `"e"`,
		Parts: []model.PlannedPart{{Number: 1, Range: model.ByteRange{First: 0, Last: 9}}}}
	cmds := Commands{Self: "s3parts", Journaled: true}

	before := model.NewJob("j1", plan, time.Now())
	before.State, before.UploadID = model.StateFailed, "U"
	before.Err = &model.OpError{Code: "SourceChanged", Message: "the source changed"}
	steps := strings.Join(NextSteps(before, cmds), "\n")
	if !strings.Contains(steps, "abort") || strings.Contains(steps, "go on") {
		t.Errorf("refused before completing: want the upload discarded, not gone on with:\n%s", steps)
	}

	after := model.NewJob("j2", plan, time.Now())
	after.State, after.Completed = model.StateCompleted, true
	after.Err = &model.OpError{Code: provider.CodeSourceChangedAfterComplete, Message: "may mix"}
	steps = strings.Join(NextSteps(after, cmds), "\n")
	if !strings.Contains(steps, "mix two versions") || strings.Contains(steps, "resume") {
		t.Errorf("changed at completion: want the object named as suspect, not checked again:\n%s", steps)
	}
}
