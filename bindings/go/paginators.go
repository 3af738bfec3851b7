package secretvault

import (
	"context"
	"errors"
)

// Paginators, as in the AWS SDK for Go v2:
//
//	p := secretvault.NewListSecretsPaginator(v, &secretvault.ListSecretsInput{})
//	for p.HasMorePages() {
//		page, err := p.NextPage(ctx)
//		...
//	}

var errNoMorePages = errors.New("no more pages available")

// pagerOptions is the shape shared by the exported *PaginatorOptions types.
type pagerOptions struct {
	Limit                int32
	StopOnDuplicateToken bool
}

// pager is the state and logic shared by the paginators, for an operation
// with input In and output Out.
type pager[In, Out any] struct {
	options   pagerOptions
	call      func(context.Context, *In) (*Out, error)
	params    *In
	nextToken *string
	firstPage bool
	// page returns the NextToken and MaxResults members of an input.
	page func(*In) (nextToken **string, maxResults **int32)
	// next returns the NextToken member of an output.
	next func(*Out) *string
}

// newPager builds a pager as the SDK's New*Paginator functions do: a nil
// params is an empty input, the page size starts as params.MaxResults and
// optFns may then change the options.
func newPager[In, Out any, Opts ~struct {
	Limit                int32
	StopOnDuplicateToken bool
}](params *In, optFns []func(*Opts), call func(context.Context, *In) (*Out, error),
	page func(*In) (**string, **int32), next func(*Out) *string) pager[In, Out] {
	if params == nil {
		params = new(In)
	}
	token, maxResults := page(params)
	var options pagerOptions
	if *maxResults != nil {
		options.Limit = **maxResults
	}
	opts := Opts(options)
	for _, fn := range optFns {
		fn(&opts)
	}
	return pager[In, Out]{options: pagerOptions(opts), call: call, params: params,
		firstPage: true, nextToken: *token, page: page, next: next}
}

func (p *pager[In, Out]) hasMorePages() bool {
	return p.firstPage || (p.nextToken != nil && len(*p.nextToken) != 0)
}

func (p *pager[In, Out]) nextPage(ctx context.Context) (*Out, error) {
	if !p.hasMorePages() {
		return nil, errNoMorePages
	}
	params := *p.params
	token, maxResults := p.page(&params)
	*token = p.nextToken
	*maxResults = nil
	if p.options.Limit > 0 {
		limit := p.options.Limit
		*maxResults = &limit
	}
	result, err := p.call(ctx, &params)
	if err != nil {
		return nil, err
	}
	p.firstPage = false
	prev := p.nextToken
	p.nextToken = p.next(result)
	if p.options.StopOnDuplicateToken && prev != nil && p.nextToken != nil && *prev == *p.nextToken {
		p.nextToken = nil
	}
	return result, nil
}

// ListSecretsAPIClient is a client that implements ListSecrets.
type ListSecretsAPIClient interface {
	ListSecrets(context.Context, *ListSecretsInput) (*ListSecretsOutput, error)
}

// ListSecretsPaginatorOptions are the options of a ListSecretsPaginator.
type ListSecretsPaginatorOptions struct {
	// The page size (MaxResults); 0 keeps the input's.
	Limit int32
	// Stop when the service returns the token it was given.
	StopOnDuplicateToken bool
}

// ListSecretsPaginator pages through ListSecrets.
type ListSecretsPaginator struct {
	p pager[ListSecretsInput, ListSecretsOutput]
}

// NewListSecretsPaginator returns a paginator for ListSecrets.
func NewListSecretsPaginator(client ListSecretsAPIClient, params *ListSecretsInput, optFns ...func(*ListSecretsPaginatorOptions)) *ListSecretsPaginator {
	return &ListSecretsPaginator{p: newPager(params, optFns,
		func(ctx context.Context, in *ListSecretsInput) (*ListSecretsOutput, error) {
			return client.ListSecrets(ctx, in)
		},
		func(in *ListSecretsInput) (**string, **int32) { return &in.NextToken, &in.MaxResults },
		func(out *ListSecretsOutput) *string { return out.NextToken })}
}

// HasMorePages reports whether NextPage has a page to return.
func (p *ListSecretsPaginator) HasMorePages() bool { return p.p.hasMorePages() }

// NextPage returns the next page.
func (p *ListSecretsPaginator) NextPage(ctx context.Context) (*ListSecretsOutput, error) {
	return p.p.nextPage(ctx)
}

// ListSecretVersionIdsAPIClient is a client that implements
// ListSecretVersionIds.
type ListSecretVersionIdsAPIClient interface {
	ListSecretVersionIds(context.Context, *ListSecretVersionIdsInput) (*ListSecretVersionIdsOutput, error)
}

// ListSecretVersionIdsPaginatorOptions are the options of a
// ListSecretVersionIdsPaginator.
type ListSecretVersionIdsPaginatorOptions struct {
	Limit                int32
	StopOnDuplicateToken bool
}

// ListSecretVersionIdsPaginator pages through ListSecretVersionIds.
type ListSecretVersionIdsPaginator struct {
	p pager[ListSecretVersionIdsInput, ListSecretVersionIdsOutput]
}

// NewListSecretVersionIdsPaginator returns a paginator for
// ListSecretVersionIds.
func NewListSecretVersionIdsPaginator(client ListSecretVersionIdsAPIClient, params *ListSecretVersionIdsInput, optFns ...func(*ListSecretVersionIdsPaginatorOptions)) *ListSecretVersionIdsPaginator {
	return &ListSecretVersionIdsPaginator{p: newPager(params, optFns,
		func(ctx context.Context, in *ListSecretVersionIdsInput) (*ListSecretVersionIdsOutput, error) {
			return client.ListSecretVersionIds(ctx, in)
		},
		func(in *ListSecretVersionIdsInput) (**string, **int32) { return &in.NextToken, &in.MaxResults },
		func(out *ListSecretVersionIdsOutput) *string { return out.NextToken })}
}

// HasMorePages reports whether NextPage has a page to return.
func (p *ListSecretVersionIdsPaginator) HasMorePages() bool { return p.p.hasMorePages() }

// NextPage returns the next page.
func (p *ListSecretVersionIdsPaginator) NextPage(ctx context.Context) (*ListSecretVersionIdsOutput, error) {
	return p.p.nextPage(ctx)
}

// BatchGetSecretValueAPIClient is a client that implements
// BatchGetSecretValue.
type BatchGetSecretValueAPIClient interface {
	BatchGetSecretValue(context.Context, *BatchGetSecretValueInput) (*BatchGetSecretValueOutput, error)
}

// BatchGetSecretValuePaginatorOptions are the options of a
// BatchGetSecretValuePaginator.
type BatchGetSecretValuePaginatorOptions struct {
	Limit                int32
	StopOnDuplicateToken bool
}

// BatchGetSecretValuePaginator pages through BatchGetSecretValue.
type BatchGetSecretValuePaginator struct {
	p pager[BatchGetSecretValueInput, BatchGetSecretValueOutput]
}

// NewBatchGetSecretValuePaginator returns a paginator for
// BatchGetSecretValue.
func NewBatchGetSecretValuePaginator(client BatchGetSecretValueAPIClient, params *BatchGetSecretValueInput, optFns ...func(*BatchGetSecretValuePaginatorOptions)) *BatchGetSecretValuePaginator {
	return &BatchGetSecretValuePaginator{p: newPager(params, optFns,
		func(ctx context.Context, in *BatchGetSecretValueInput) (*BatchGetSecretValueOutput, error) {
			return client.BatchGetSecretValue(ctx, in)
		},
		func(in *BatchGetSecretValueInput) (**string, **int32) { return &in.NextToken, &in.MaxResults },
		func(out *BatchGetSecretValueOutput) *string { return out.NextToken })}
}

// HasMorePages reports whether NextPage has a page to return.
func (p *BatchGetSecretValuePaginator) HasMorePages() bool { return p.p.hasMorePages() }

// NextPage returns the next page.
func (p *BatchGetSecretValuePaginator) NextPage(ctx context.Context) (*BatchGetSecretValueOutput, error) {
	return p.p.nextPage(ctx)
}
