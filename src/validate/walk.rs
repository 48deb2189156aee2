//! A flat view of a parsed spec for the rules: every middleware stack with its level, and every
//! endpoint with its full path and the stacks around it.

use crate::grammar::join_path;
use crate::model::Level;
use crate::spec::{Endpoint, Middleware, Mount, RouterSpec, Spanned, Spec};

/// One middleware list and where it was declared.
pub struct StackRef<'a> {
    pub level: Level,
    pub layers: &'a [Spanned<Middleware>],
}

/// An endpoint, its full path and the stacks that wrap it (outermost first).
pub struct EndpointRef<'a> {
    pub endpoint: &'a Endpoint,
    pub full_path: String,
    pub mount: Option<&'a Mount>,
    pub router: Option<&'a RouterSpec>,
    /// Indexes into [`Walk::stacks`], outermost first.
    pub stacks: Vec<usize>,
}

pub struct Walk<'a> {
    pub stacks: Vec<StackRef<'a>>,
    pub endpoints: Vec<EndpointRef<'a>>,
}

fn prefix_of(router: &RouterSpec) -> &str {
    router.prefix.as_ref().map_or("", |p| p.value.as_str())
}

impl<'a> Walk<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        let mut walk = Walk {
            stacks: Vec::new(),
            endpoints: Vec::new(),
        };
        walk.stacks.push(StackRef {
            level: Level::App,
            layers: &spec.middleware,
        });
        for endpoint in &spec.endpoints {
            walk.push(endpoint, "", None, None, vec![0]);
        }
        walk.routers(&spec.routers, "", None, vec![0]);
        for mount in &spec.mounts {
            let index = walk.stacks.len();
            walk.stacks.push(StackRef {
                level: Level::Mount(mount.name.value.clone()),
                layers: &mount.middleware,
            });
            for endpoint in &mount.endpoints {
                walk.push(
                    endpoint,
                    &mount.path.value,
                    Some(mount),
                    None,
                    vec![0, index],
                );
            }
            walk.routers(
                &mount.routers,
                &mount.path.value,
                Some(mount),
                vec![0, index],
            );
        }
        walk
    }

    fn routers(
        &mut self,
        routers: &'a [RouterSpec],
        base: &str,
        mount: Option<&'a Mount>,
        outer: Vec<usize>,
    ) {
        for router in routers {
            let index = self.stacks.len();
            self.stacks.push(StackRef {
                level: Level::Router(router.name.value.clone()),
                layers: &router.middleware,
            });
            let prefix = format!("{base}{}", prefix_of(router));
            let mut stacks = outer.clone();
            stacks.push(index);
            for endpoint in &router.endpoints {
                self.push(endpoint, &prefix, mount, Some(router), stacks.clone());
            }
        }
    }

    fn push(
        &mut self,
        endpoint: &'a Endpoint,
        prefix: &str,
        mount: Option<&'a Mount>,
        router: Option<&'a RouterSpec>,
        stacks: Vec<usize>,
    ) {
        let full_path = join_path(prefix, &endpoint.path.value);
        self.endpoints.push(EndpointRef {
            endpoint,
            full_path,
            mount,
            router,
            stacks,
        });
    }

    /// The layers around an endpoint, outermost first, each with its stack index.
    pub fn layers_of(&self, endpoint: &EndpointRef<'a>) -> Vec<(usize, &'a Spanned<Middleware>)> {
        endpoint
            .stacks
            .iter()
            .flat_map(|&stack| {
                self.stacks[stack]
                    .layers
                    .iter()
                    .map(move |layer| (stack, layer))
            })
            .collect()
    }

    /// Every router with the mount it belongs to.
    pub fn routers_with_mounts(spec: &'a Spec) -> Vec<(&'a RouterSpec, Option<&'a Mount>)> {
        let mut all: Vec<_> = spec.routers.iter().map(|r| (r, None)).collect();
        for mount in &spec.mounts {
            all.extend(mount.routers.iter().map(|r| (r, Some(mount))));
        }
        all
    }
}
