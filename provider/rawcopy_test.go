package provider_test

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"s3parts/model"
	"s3parts/provider"
)

// rawCopy is the minimal multipart copy with the raw SDK that the
// benchmarks hold s3parts against: CreateMultipartUpload (with a content
// type if given), inFlight goroutines of UploadPartCopy over parts with
// If-Match on the source's ETag, CompleteMultipartUpload; a failed part
// aborts the upload. It returns the parts' ETags and the Complete answer.
func rawCopy(ctx context.Context, raw *s3.Client, src model.Ref, srcETag string, dst model.Ref, contentType string,
	parts []model.PlannedPart, inFlight int) ([]string, *s3.CompleteMultipartUploadOutput, error) {
	in := &s3.CreateMultipartUploadInput{Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key)}
	if contentType != "" {
		in.ContentType = aws.String(contentType)
	}
	cr, err := raw.CreateMultipartUpload(ctx, in)
	if err != nil {
		return nil, nil, fmt.Errorf("CreateMultipartUpload: %w", err)
	}
	copySource, ifMatch := aws.String(provider.CopySource(src)), aws.String(model.QuoteETag(srcETag))
	etags := make([]string, len(parts))
	errs := make([]error, inFlight)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range inFlight {
		wg.Go(func() {
			for i := range next {
				if errs[w] != nil {
					continue
				}
				out, err := raw.UploadPartCopy(ctx, &s3.UploadPartCopyInput{Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key),
					UploadId: cr.UploadId, PartNumber: aws.Int32(parts[i].Number), CopySource: copySource,
					CopySourceRange: aws.String(parts[i].Range.String()), CopySourceIfMatch: ifMatch})
				if err != nil {
					errs[w] = fmt.Errorf("UploadPartCopy part %d: %w", parts[i].Number, err)
					continue
				}
				etags[i] = aws.ToString(out.CopyPartResult.ETag)
			}
		})
	}
	for i := range parts {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		raw.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key), UploadId: cr.UploadId})
		return nil, nil, err
	}
	done := make([]types.CompletedPart, len(parts))
	for i, p := range parts {
		done[i] = types.CompletedPart{PartNumber: aws.Int32(p.Number), ETag: aws.String(etags[i])}
	}
	out, err := raw.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{Bucket: aws.String(dst.Bucket), Key: aws.String(dst.Key),
		UploadId: cr.UploadId, MultipartUpload: &types.CompletedMultipartUpload{Parts: done}})
	if err != nil {
		return nil, nil, fmt.Errorf("CompleteMultipartUpload: %w", err)
	}
	return etags, out, nil
}
