package s3test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Through the proxy that ignores copy conditions a part copy with a false
// If-Match is carried out; sent to the server itself, it is refused.
func TestIgnoringCopyConditions(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	b := s.NewBucket(t, false)
	s.Put(t, b, "src", Data(1, 1<<20))
	p := s.IgnoringCopyConditions(t, ProxyHooks{})
	via := s3.New(s3.Options{
		Region: s.Region, BaseEndpoint: aws.String(p.URL), UsePathStyle: true,
		Credentials:                credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	})
	copyPart := func(c *s3.Client, n int32) error {
		id := s.CreateUpload(t, b, "dst")
		defer s.AbortUpload(t, b, "dst", id)
		_, err := c.UploadPartCopy(context.Background(), &s3.UploadPartCopyInput{Bucket: aws.String(b), Key: aws.String("dst"),
			UploadId: aws.String(id), PartNumber: aws.Int32(n), CopySource: aws.String(b + "/src"),
			CopySourceRange: aws.String("bytes=0-1023"), CopySourceIfMatch: aws.String(`"00000000000000000000000000000bad"`)})
		return err
	}
	var re *awshttp.ResponseError
	if err := copyPart(s.Raw(), 1); !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusPreconditionFailed {
		t.Fatalf("sent to the server, a false If-Match must answer 412: %v", err)
	}
	if err := copyPart(via, 1); err != nil {
		t.Fatalf("through the proxy the condition must be ignored: %v", err)
	}
	// Requests without a condition pass as they were (an upload's body too).
	if _, err := via.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(b), Key: aws.String("put"),
		Body: http.NoBody}); err != nil {
		t.Fatalf("a put through the proxy: %v", err)
	}
}
